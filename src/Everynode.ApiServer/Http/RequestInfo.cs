namespace Everynode.ApiServer.Http;

/// <summary>What a request path names (upstream's RequestInfo): the API group-version, resource, namespace, name.</summary>
internal sealed record RequestInfo
{
    /// <summary>"api" for the core group, "apis" for named groups.</summary>
    public required string Prefix { get; init; }

    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>Plural resource name; empty for discovery requests such as <c>/api/v1</c>.</summary>
    public string Resource { get; init; } = "";

    public string? Namespace { get; init; }

    public string? Name { get; init; }

    public string? Subresource { get; init; }

    /// <summary>The path used the legacy <c>/watch/</c> segment.</summary>
    public bool WatchPrefix { get; init; }

    private static readonly HashSet<string> NamespaceSubresources = ["status", "finalize"];

    /// <summary>
    /// Parses <c>/api/v1/...</c> or <c>/apis/group/version/...</c>. Returns null for paths that are not resource
    /// paths under a group-version (discovery roots are handled elsewhere).
    /// </summary>
    public static RequestInfo? Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        string prefix, group, version;
        int i;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            (prefix, group, version, i) = ("api", "", parts[1], 2);
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            (prefix, group, version, i) = ("apis", parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var rest = parts[i..];
        if (rest.Any(p => p.Length == 0))
        {
            return null;
        }

        var watch = false;
        if (rest.Length > 0 && rest[0] == "watch")
        {
            watch = true;
            rest = rest[1..];
        }

        string? ns = null;
        if (rest.Length >= 2 && rest[0] == "namespaces")
        {
            ns = rest[1];
            if (rest.Length > 2 && !NamespaceSubresources.Contains(rest[2]))
            {
                rest = rest[2..];
            }
        }

        if (rest.Length > 3)
        {
            return null;
        }

        return new RequestInfo
        {
            Prefix = prefix,
            Group = group,
            Version = version,
            Resource = rest.Length > 0 ? rest[0] : "",
            Name = rest.Length > 1 ? rest[1] : null,
            Subresource = rest.Length > 2 ? rest[2] : null,
            Namespace = ns,
            WatchPrefix = watch,
        };
    }
}
