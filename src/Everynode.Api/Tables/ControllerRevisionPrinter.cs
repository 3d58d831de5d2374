using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>
/// <c>NAME CONTROLLER REVISION AGE</c>; CONTROLLER is the controlling owner as <c>kind.group/name</c> in lower
/// case (<c>daemonset.apps/log-agent</c>), or <c>&lt;none&gt;</c>.
/// </summary>
public sealed class ControllerRevisionPrinter : TablePrinter<V1ControllerRevision>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Controller", ColumnDescriptions.ControllerRevisionController),
        TableColumn.Text("Revision", ColumnDescriptions.ControllerRevisionRevision),
        TableColumn.Age(),
    ];

    protected override TableRow Print(V1ControllerRevision revision, DateTime now) =>
        new(
            revision.Metadata?.Name ?? "",
            Controller(revision.Metadata?.OwnerReferences),
            (object?)revision.Revision ?? 0L,
            HumanDuration.Since(revision.Metadata?.CreationTimestamp, now));

    private static string Controller(IList<V1OwnerReference>? owners)
    {
        if (owners?.FirstOrDefault(o => o.Controller == true) is not { } owner)
        {
            return TableFormat.None;
        }

        var apiVersion = owner.ApiVersion ?? "";
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? "" : apiVersion[..slash];
        var kind = owner.Kind ?? "";
        if (kind.Length == 0 && group.Length == 0)
        {
            return owner.Name ?? "";
        }

        var groupKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return $"{groupKind.ToLowerInvariant()}/{owner.Name}";
    }
}
