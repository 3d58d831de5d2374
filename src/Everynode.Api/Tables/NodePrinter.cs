using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>
/// <c>NAME STATUS ROLES AGE VERSION</c>; wide: <c>INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME</c>.
/// </summary>
public sealed class NodePrinter : TablePrinter<V1Node>
{
    private const string RoleLabelPrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Status", ColumnDescriptions.NodeStatus),
        TableColumn.Text("Roles", ColumnDescriptions.NodeRoles),
        TableColumn.Age(),
        TableColumn.Text("Version", ColumnDescriptions.KubeletVersion),
        TableColumn.Text("Internal-IP", ColumnDescriptions.NodeAddresses, 1),
        TableColumn.Text("External-IP", ColumnDescriptions.NodeAddresses, 1),
        TableColumn.Text("OS-Image", ColumnDescriptions.OSImage, 1),
        TableColumn.Text("Kernel-Version", ColumnDescriptions.KernelVersion, 1),
        TableColumn.Text("Container-Runtime", ColumnDescriptions.ContainerRuntimeVersion, 1),
    ];

    protected override TableRow Print(V1Node node, DateTime now)
    {
        var info = node.Status?.NodeInfo;
        var roles = Roles(node.Metadata?.Labels);
        return new TableRow(
            node.Metadata?.Name ?? "",
            Status(node),
            roles.Count == 0 ? TableFormat.None : string.Join(",", roles),
            HumanDuration.Since(node.Metadata?.CreationTimestamp, now),
            info?.KubeletVersion ?? "",
            Address(node, "InternalIP"),
            Address(node, "ExternalIP"),
            OrUnknown(info?.OsImage),
            OrUnknown(info?.KernelVersion),
            OrUnknown(info?.ContainerRuntimeVersion));
    }

    /// <summary><c>Ready</c> / <c>NotReady</c> from the Ready condition (<c>Unknown</c> without one), then <c>SchedulingDisabled</c>.</summary>
    public static string Status(V1Node node)
    {
        // Upstream keys the conditions by type, so the last Ready condition wins.
        var ready = node.Status?.Conditions?.LastOrDefault(c => c.Type == "Ready");
        var status = ready is null ? "Unknown" : ready.Status == "True" ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? status + ",SchedulingDisabled" : status;
    }

    /// <summary>Roles from <c>node-role.kubernetes.io/&lt;role&gt;</c> label keys and the <c>kubernetes.io/role</c> label's value, sorted.</summary>
    public static IReadOnlyList<string> Roles(IDictionary<string, string>? labels)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in labels ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal) && key.Length > RoleLabelPrefix.Length)
            {
                roles.Add(key[RoleLabelPrefix.Length..]);
            }
            else if (key == RoleLabel && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return [.. roles];
    }

    private static string Address(V1Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? TableFormat.None;

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? TableFormat.Unknown : value;
}
