namespace Everynode.Api.Authorization;

/// <summary>
/// What a request asks to do, as upstream's authorizer.Attributes: who (user, groups), the verb, and either a
/// resource (group, resource, subresource, namespace, name) or a non-resource path.
/// </summary>
public sealed record RequestAttributes
{
    public required string User { get; init; }

    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>get, list, watch, create, update, patch, delete, deletecollection, impersonate, ...</summary>
    public required string Verb { get; init; }

    public bool IsResourceRequest { get; init; } = true;

    public string ApiGroup { get; init; } = "";

    public string Resource { get; init; } = "";

    public string Subresource { get; init; } = "";

    /// <summary>Empty for cluster-scoped requests (and for lists across all namespaces).</summary>
    public string Namespace { get; init; } = "";

    public string Name { get; init; } = "";

    /// <summary>The request path, for non-resource requests.</summary>
    public string Path { get; init; } = "";

    /// <summary>"pods/status", or "pods" without a subresource (how rules name it).</summary>
    public string CombinedResource => Subresource.Length == 0 ? Resource : $"{Resource}/{Subresource}";
}
