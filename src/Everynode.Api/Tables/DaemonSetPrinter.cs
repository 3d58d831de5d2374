using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>
/// <c>NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE</c>; wide: <c>CONTAINERS IMAGES SELECTOR</c>.
/// </summary>
public sealed class DaemonSetPrinter : TablePrinter<V1DaemonSet>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Count("Desired", ColumnDescriptions.DesiredNumberScheduled),
        TableColumn.Count("Current", ColumnDescriptions.CurrentNumberScheduled),
        TableColumn.Count("Ready", ColumnDescriptions.NumberReady),
        TableColumn.Count("Up-to-date", ColumnDescriptions.UpdatedNumberScheduled),
        TableColumn.Count("Available", ColumnDescriptions.NumberAvailable),
        TableColumn.Text("Node Selector", ColumnDescriptions.NodeSelector),
        TableColumn.Age(),
        TableColumn.Text("Containers", ColumnDescriptions.Containers, 1),
        TableColumn.Text("Images", ColumnDescriptions.Images, 1),
        TableColumn.Text("Selector", ColumnDescriptions.DaemonSetSelector, 1),
    ];

    protected override TableRow Print(V1DaemonSet ds, DateTime now)
    {
        var status = ds.Status;
        var podSpec = ds.Spec?.Template?.Spec;
        var (names, images) = TableFormat.ContainerCells(podSpec?.Containers);
        return new TableRow(
            ds.Metadata?.Name ?? "",
            (long)(status?.DesiredNumberScheduled ?? 0),
            (long)(status?.CurrentNumberScheduled ?? 0),
            (long)(status?.NumberReady ?? 0),
            (long)(status?.UpdatedNumberScheduled ?? 0),
            (long)(status?.NumberAvailable ?? 0),
            TableFormat.FormatLabels(podSpec?.NodeSelector),
            HumanDuration.Since(ds.Metadata?.CreationTimestamp, now),
            names,
            images,
            TableFormat.FormatLabelSelector(ds.Spec?.Selector));
    }
}
