using System.Text.RegularExpressions;

namespace Everynode.Agent.Images;

/// <summary>
/// An image reference normalised as docker does: <c>busybox</c> is <c>docker.io/library/busybox:latest</c>,
/// <c>quay.io/x/y</c> keeps its registry, a tag defaults to <c>latest</c>, and <c>name@sha256:…</c> names a digest.
/// </summary>
/// <param name="Repository">The full repository (<c>docker.io/library/busybox</c>).</param>
/// <param name="Tag">The tag, or null when only a digest was given.</param>
/// <param name="Digest">The digest (<c>sha256:…</c>), or null.</param>
public sealed partial record ImageReference(string Repository, string? Tag, string? Digest)
{
    private const string DockerHub = "docker.io";

    /// <summary>The registry host (<c>docker.io</c>, <c>quay.io</c>, <c>127.0.0.1:5000</c>).</summary>
    public string Registry => Repository[..Repository.IndexOf('/', StringComparison.Ordinal)];

    /// <summary>The repository path within its registry (<c>library/busybox</c>).</summary>
    public string Path => Repository[(Repository.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <summary>The repository:tag key of the store's index (<c>docker.io/library/busybox:latest</c>).</summary>
    public string Key => Repository + ":" + (Tag ?? "latest");

    /// <summary>The reference in docker's familiar short form (<c>busybox:latest</c>, <c>quay.io/x/y:1</c>).</summary>
    public string Familiar
    {
        get
        {
            var name = Repository.StartsWith(DockerHub + "/library/", StringComparison.Ordinal)
                ? Repository[(DockerHub.Length + "/library/".Length)..]
                : Repository.StartsWith(DockerHub + "/", StringComparison.Ordinal) ? Repository[(DockerHub.Length + 1)..] : Repository;
            return Digest is not null && Tag is null ? name + "@" + Digest : name + ":" + (Tag ?? "latest");
        }
    }

    public override string ToString() => Digest is null ? Key : Tag is null ? Repository + "@" + Digest : Key + "@" + Digest;

    /// <summary>Parses a reference; throws <see cref="FormatException"/> with docker's words for a malformed one.</summary>
    public static ImageReference Parse(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        string? digest = null;
        var name = reference;
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            digest = name[(at + 1)..];
            name = name[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                throw new FormatException($"invalid reference format: \"{reference}\" has a malformed digest");
            }
        }

        string? tag = null;
        var colon = name.LastIndexOf(':');
        if (colon > name.LastIndexOf('/'))
        {
            tag = name[(colon + 1)..];
            name = name[..colon];
            if (!TagPattern().IsMatch(tag))
            {
                throw new FormatException($"invalid reference format: \"{reference}\" has a malformed tag");
            }
        }

        if (name.Length == 0)
        {
            throw new FormatException("invalid reference format: the name is empty");
        }

        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? null : name[..slash];
        string domain;
        string path;
        if (first is not null && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost"))
        {
            domain = first == "index.docker.io" ? DockerHub : first;
            path = name[(slash + 1)..];
        }
        else
        {
            domain = DockerHub;
            path = name;
        }

        if (domain == DockerHub && !path.Contains('/', StringComparison.Ordinal))
        {
            path = "library/" + path;
        }

        if (!PathPattern().IsMatch(path))
        {
            throw new FormatException(path.Any(char.IsUpper)
                ? $"invalid reference format: repository name must be lowercase: \"{reference}\""
                : $"invalid reference format: \"{reference}\"");
        }

        return new ImageReference(domain + "/" + path, digest is not null && tag is null ? null : tag ?? "latest", digest);
    }

    /// <summary>Like <see cref="Parse"/>, false for a malformed reference.</summary>
    public static bool TryParse(string reference, out ImageReference? parsed)
    {
        try
        {
            parsed = Parse(reference);
            return true;
        }
        catch (FormatException)
        {
            parsed = null;
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$")]
    private static partial Regex PathPattern();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex("^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-fA-F0-9]{32,}$")]
    private static partial Regex DigestPattern();
}
