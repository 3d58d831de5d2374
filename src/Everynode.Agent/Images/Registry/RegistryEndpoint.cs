namespace Everynode.Agent.Images.Registry;

/// <summary>How to reach one registry endpoint: a mirror or the registry itself.</summary>
/// <param name="BaseUri">Scheme and authority (<c>https://registry-1.docker.io</c>); plain HTTP only when written
/// <c>http://</c>. A path after the authority is kept, as some mirrors serve <c>/v2</c> under a prefix.</param>
/// <param name="Tls">Certificates for this endpoint, or null for the system roots.</param>
/// <param name="Credential">The node's configured credential for this endpoint's host, or null.</param>
/// <param name="Rewrites">Repository rewrites (<c>mirrors.X.rewrite</c>), applied in order until one matches.</param>
public sealed record RegistryEndpoint(
    Uri BaseUri,
    RegistryTls? Tls = null,
    RegistryCredential? Credential = null,
    IReadOnlyList<RepositoryRewrite>? Rewrites = null)
{
    /// <summary>The repository path this endpoint serves for <paramref name="path"/> (after rewrites).</summary>
    public string RewritePath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (var rewrite in Rewrites ?? [])
        {
            if (rewrite.Pattern.IsMatch(path))
            {
                return rewrite.Pattern.Replace(path, rewrite.Replacement, 1);
            }
        }

        return path;
    }

    /// <summary>The URL of <c>/v2/…</c> below the endpoint's base.</summary>
    public Uri V2(string relative)
    {
        ArgumentNullException.ThrowIfNull(relative);
        var basePath = BaseUri.AbsolutePath.TrimEnd('/');
        if (basePath.EndsWith("/v2", StringComparison.Ordinal))
        {
            basePath = basePath[..^3];
        }

        return new Uri(BaseUri, basePath + "/v2/" + relative);
    }

    public override string ToString() => BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
}

/// <summary>TLS settings of an endpoint (<c>configs.HOST.tls</c>).</summary>
public sealed record RegistryTls(string? CaFile, string? CertFile, string? KeyFile, bool InsecureSkipVerify);

/// <summary>One <c>rewrite</c> rule: a regular expression over the repository path and its replacement
/// (<c>$1</c> refers to groups).</summary>
public sealed record RepositoryRewrite(System.Text.RegularExpressions.Regex Pattern, string Replacement);
