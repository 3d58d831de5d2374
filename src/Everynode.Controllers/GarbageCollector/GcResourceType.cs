namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// A resource the garbage collector knows, as an ownerReference names it (group and kind; any version of the group
/// resolves to it, as upstream's REST mapper does for the versions served here).
/// </summary>
internal sealed record GcResourceType(string Group, string Version, string Kind, bool Namespaced)
{
    public static readonly GcResourceType Pod = new("", "v1", "Pod", Namespaced: true);
    public static readonly GcResourceType Node = new("", "v1", "Node", Namespaced: false);
    public static readonly GcResourceType Namespace = new("", "v1", "Namespace", Namespaced: false);
    public static readonly GcResourceType DaemonSet = new("apps", "v1", "DaemonSet", Namespaced: true);
    public static readonly GcResourceType Deployment = new("apps", "v1", "Deployment", Namespaced: true);
    public static readonly GcResourceType ReplicaSet = new("apps", "v1", "ReplicaSet", Namespaced: true);
    public static readonly GcResourceType ControllerRevision = new("apps", "v1", "ControllerRevision", Namespaced: true);
    public static readonly GcResourceType Lease = new("coordination.k8s.io", "v1", "Lease", Namespaced: true);

    public string ApiVersion => Group.Length == 0 ? Version : Group + "/" + Version;

    /// <summary>The group of an apiVersion such as <c>apps/v1</c> (empty for the core group's <c>v1</c>).</summary>
    public static string GroupOf(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return "";
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? "" : apiVersion[..slash];
    }
}
