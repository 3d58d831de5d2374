using Everynode.Api.Resources;

namespace Everynode.ApiServer.Discovery;

/// <summary>
/// How discovery describes one subresource: the kind it takes and returns (which may live in another group, as
/// <c>pods/eviction</c> takes a policy/v1 Eviction) and its verbs.
/// </summary>
internal sealed record SubresourceDescriptor(string Name, string Group, string Version, string Kind, IReadOnlyList<string> Verbs)
{
    public static SubresourceDescriptor For(ResourceInfo r, string subresource) => subresource switch
    {
        "binding" => new(subresource, "", "v1", "Binding", ["create"]),
        "eviction" => new(subresource, "policy", "v1", "Eviction", ["create"]),
        "log" => new(subresource, r.Group, r.Version, r.Kind, ["get"]),
        "scale" => new(subresource, "autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        "finalize" => new(subresource, r.Group, r.Version, r.Kind, ["update"]),
        _ => new(subresource, r.Group, r.Version, r.Kind, ["get", "patch", "update"]),
    };

    /// <summary>Whether the kind lives outside the parent resource's group-version (legacy discovery then names it).</summary>
    public bool CrossGroup(ResourceInfo parent) => Group != parent.Group || Version != parent.Version;
}
