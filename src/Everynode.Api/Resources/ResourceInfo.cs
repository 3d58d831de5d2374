namespace Everynode.Api.Resources;

/// <summary>One served resource: its names, scope, subresources and the strategy that shapes its objects.</summary>
public sealed record ResourceInfo
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    public required string Kind { get; init; }

    /// <summary>Plural resource name, e.g. <c>daemonsets</c>.</summary>
    public required string Plural { get; init; }

    public required string Singular { get; init; }

    public required bool Namespaced { get; init; }

    public required Type ObjectType { get; init; }

    public required IResourceStrategy Strategy { get; init; }

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Subresources served besides the main one (<c>status</c>, <c>binding</c>, ...).</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];

    /// <summary>Verbs of the main resource, in upstream's discovery order.</summary>
    public IReadOnlyList<string> Verbs { get; init; } = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    /// <summary>False for resources a create answers without storing anything (reviews such as SelfSubjectReview).</summary>
    public bool Stored { get; init; } = true;

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string ListKind => Kind + "List";

    /// <summary>Prefix of this resource's keys in the datastore (upstream's layout: <c>/registry/pods/</c>).</summary>
    public string StoragePrefix => $"/registry/{Plural}/";

    public bool HasStatus => Subresources.Contains("status");

    /// <summary>"daemonsets.apps" / "pods": the group-qualified resource as upstream's messages show it.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    /// <summary>Kind qualified by group for validation messages: "DaemonSet.apps", "Pod".</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    /// <summary>The datastore key of one object.</summary>
    public string StorageKey(string? @namespace, string name) =>
        Namespaced ? $"{StoragePrefix}{@namespace}/{name}" : $"{StoragePrefix}{name}";
}
