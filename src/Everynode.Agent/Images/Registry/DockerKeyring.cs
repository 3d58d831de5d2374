using System.Text.Json;

namespace Everynode.Agent.Images.Registry;

/// <summary>
/// Registry credentials from docker config documents (the <c>.dockerconfigjson</c> of a
/// <c>kubernetes.io/dockerconfigjson</c> Secret, or the older <c>.dockercfg</c>), matched to images as the kubelet's
/// keyring matches them: a key is a host (with <c>*</c> globs per DNS label and an optional port) and an optional
/// path prefix; more specific keys come first; <c>https://</c>, <c>/v1/</c> and <c>/v2/</c> are ignored; a Docker
/// Hub image falls back to the <c>index.docker.io</c> entry (what <c>kubectl create secret docker-registry</c>
/// writes by default).
/// </summary>
public sealed class DockerKeyring
{
    private const string DefaultRegistryHost = "index.docker.io";

    private readonly Dictionary<string, List<RegistryCredential>> _credentials = new(StringComparer.Ordinal);
    private List<string> _index = [];

    /// <summary>Adds a <c>.dockerconfigjson</c> document (<c>{"auths": {KEY: {…}}}</c>) or, with
    /// <paramref name="legacy"/>, a <c>.dockercfg</c> one (<c>{KEY: {…}}</c>). Throws <see cref="FormatException"/>
    /// for a document that does not parse, naming neither a username nor a secret.</summary>
    public void Add(ReadOnlySpan<byte> document, bool legacy)
    {
        JsonDocument parsed;
        try
        {
            parsed = JsonDocument.Parse(document.ToArray());
        }
        catch (JsonException e)
        {
            throw new FormatException($"not valid JSON ({e.Message.Split('.')[0]})", e);
        }

        using (parsed)
        {
            var root = parsed.RootElement;
            if (!legacy)
            {
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("auths", out root))
                {
                    throw new FormatException("it has no \"auths\" object");
                }
            }

            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("its entries are not an object");
            }

            foreach (var entry in root.EnumerateObject())
            {
                if (entry.Value.ValueKind == JsonValueKind.Object && Credential(entry.Value) is { } credential)
                {
                    Add(entry.Name, credential);
                }
            }
        }
    }

    /// <summary>Adds one credential under a key (<c>registry.example.com/team</c>, <c>*.example.com</c>).</summary>
    public void Add(string location, RegistryCredential credential)
    {
        ArgumentNullException.ThrowIfNull(location);
        // Parsed by hand: a glob host (*.example.com) is not a valid URI host.
        var value = location.StartsWith("https://", StringComparison.Ordinal) ? location[8..]
            : location.StartsWith("http://", StringComparison.Ordinal) ? location[7..]
            : location;
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var authority = (slash < 0 ? value : value[..slash]).ToLowerInvariant();
        var path = slash < 0 ? "" : value[slash..];
        if (authority.Length == 0)
        {
            return;
        }

        if (path.StartsWith("/v2/", StringComparison.Ordinal) || path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            path = path[3..];
        }

        var key = path.Length > 0 && path != "/" ? authority + path : authority;
        if (!_credentials.TryGetValue(key, out var list))
        {
            _credentials[key] = list = [];
        }

        list.Add(credential);
        _index = _credentials.Keys.OrderByDescending(k => k, StringComparer.Ordinal).ToList();
    }

    public bool IsEmpty => _credentials.Count == 0;

    /// <summary>The credentials to try for a repository (<c>docker.io/library/busybox</c>), most specific first.</summary>
    public IReadOnlyList<RegistryCredential> Lookup(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var found = new List<RegistryCredential>();
        foreach (var key in _index)
        {
            if (Matches(key, repository))
            {
                found.AddRange(_credentials[key]);
            }
        }

        if (found.Count == 0 && IsDockerHub(repository) && _credentials.TryGetValue(DefaultRegistryHost, out var hub))
        {
            found.AddRange(hub);
        }

        return found;
    }

    private static RegistryCredential? Credential(JsonElement entry)
    {
        string? Text(string name) => entry.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var username = Text("username");
        var password = Text("password");
        if (Text("auth") is { Length: > 0 } auth)
        {
            try
            {
                var decoded = RegistryCredential.FromAuth(auth);
                username = decoded.Username;
                password = decoded.Password;
            }
            catch (FormatException)
            {
                // The kubelet skips an entry whose auth does not decode; so do we.
                return null;
            }
        }

        var identity = Text("identitytoken");
        return username is null && password is null && string.IsNullOrEmpty(identity) ? null : new RegistryCredential(username, password, identity);
    }

    /// <summary>Whether a key (host glob, port, path prefix) covers a repository, as the kubelet's URLsMatch.</summary>
    private static bool Matches(string key, string repository)
    {
        var (keyHost, keyPort, keyPath) = Split(key);
        var (host, port, path) = Split(repository);
        if (keyPort != port)
        {
            return false;
        }

        var keyLabels = keyHost.Split('.');
        var labels = host.Split('.');
        if (keyLabels.Length != labels.Length)
        {
            return false;
        }

        for (var i = 0; i < labels.Length; i++)
        {
            if (!System.IO.Enumeration.FileSystemName.MatchesSimpleExpression(keyLabels[i], labels[i], ignoreCase: true))
            {
                return false;
            }
        }

        return path.StartsWith(keyPath, StringComparison.Ordinal);
    }

    private static (string Host, string Port, string Path) Split(string location)
    {
        var slash = location.IndexOf('/', StringComparison.Ordinal);
        var authority = slash < 0 ? location : location[..slash];
        var path = slash < 0 ? "" : location[slash..];
        var colon = authority.LastIndexOf(':');
        return colon < 0 ? (authority, "", path) : (authority[..colon], authority[(colon + 1)..], path);
    }

    private static bool IsDockerHub(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return true;
        }

        var first = repository[..slash];
        return first is "docker.io" or "index.docker.io" || (!first.Contains('.', StringComparison.Ordinal) && !first.Contains(':', StringComparison.Ordinal) && first != "localhost");
    }
}
