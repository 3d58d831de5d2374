using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary><c>NAME DESIRED CURRENT READY AGE</c>; wide: <c>CONTAINERS IMAGES SELECTOR</c>.</summary>
public sealed class ReplicaSetPrinter : TablePrinter<V1ReplicaSet>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Count("Desired", ColumnDescriptions.ReplicaSetDesired),
        TableColumn.Count("Current", ColumnDescriptions.ReplicaSetCurrent),
        TableColumn.Count("Ready", ColumnDescriptions.ReplicaSetReady),
        TableColumn.Age(),
        TableColumn.Text("Containers", ColumnDescriptions.Containers, 1),
        TableColumn.Text("Images", ColumnDescriptions.Images, 1),
        TableColumn.Text("Selector", ColumnDescriptions.ReplicaSetSelector, 1),
    ];

    protected override TableRow Print(V1ReplicaSet obj, DateTime now)
    {
        var status = obj.Status;
        var (names, images) = TableFormat.ContainerCells(obj.Spec?.Template?.Spec?.Containers);
        return new TableRow(
            obj.Metadata?.Name ?? "",
            (long)(obj.Spec?.Replicas ?? 0),
            (long)(status?.Replicas ?? 0),
            (long)(status?.ReadyReplicas ?? 0),
            HumanDuration.Since(obj.Metadata?.CreationTimestamp, now),
            names,
            images,
            TableFormat.FormatLabelSelector(obj.Spec?.Selector));
    }
}
