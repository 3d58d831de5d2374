namespace Everynode.Client.Informers;

/// <summary>
/// Which objects of a resource an informer sees: one namespace (null = all namespaces; ignored for
/// cluster-scoped resources) and optional label and field selectors in the API's string syntax.
/// </summary>
public sealed record ResourceScope
{
    public static readonly ResourceScope All = new();

    public string? Namespace { get; init; }

    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }
}
