namespace Everynode.Api.Apply;

/// <summary>
/// The parts of an object no manager owns (upstream's stripMeta and reset fields): type meta, the server-set
/// metadata, and the half of the object a request cannot change — status on the main resource, spec on
/// <c>/status</c>.
/// </summary>
internal sealed class StrippedFields
{
    private static readonly HashSet<string> ServerMetadata =
    [
        "name", "namespace", "creationTimestamp", "selfLink", "uid", "generation", "managedFields", "resourceVersion",
        "deletionTimestamp", "deletionGracePeriodSeconds",
    ];

    private readonly string _ignoredHalf;

    private StrippedFields(string ignoredHalf) => _ignoredHalf = ignoredHalf;

    public static StrippedFields MainResource { get; } = new("status");

    public static StrippedFields StatusSubresource { get; } = new("spec");

    public static StrippedFields For(bool statusSubresource) => statusSubresource ? StatusSubresource : MainResource;

    public bool SkipsTopLevel(string name) => name is "apiVersion" or "kind" || name == _ignoredHalf;

    public static bool SkipsMetadata(string name) => ServerMetadata.Contains(name);
}
