using System.Globalization;
using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary><c>NAME READY UP-TO-DATE AVAILABLE AGE</c>; wide: <c>CONTAINERS IMAGES SELECTOR</c>. READY is ready/desired.</summary>
public sealed class DeploymentPrinter : TablePrinter<V1Deployment>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Ready", ColumnDescriptions.DeploymentReady),
        TableColumn.Text("Up-to-date", ColumnDescriptions.DeploymentUpdatedReplicas),
        TableColumn.Text("Available", ColumnDescriptions.DeploymentAvailableReplicas),
        TableColumn.Age(),
        TableColumn.Text("Containers", ColumnDescriptions.Containers, 1),
        TableColumn.Text("Images", ColumnDescriptions.Images, 1),
        TableColumn.Text("Selector", ColumnDescriptions.DeploymentSelector, 1),
    ];

    protected override TableRow Print(V1Deployment obj, DateTime now)
    {
        var status = obj.Status;
        var (names, images) = TableFormat.ContainerCells(obj.Spec?.Template?.Spec?.Containers);
        return new TableRow(
            obj.Metadata?.Name ?? "",
            string.Create(CultureInfo.InvariantCulture, $"{status?.ReadyReplicas ?? 0}/{obj.Spec?.Replicas ?? 0}"),
            (long)(status?.UpdatedReplicas ?? 0),
            (long)(status?.AvailableReplicas ?? 0),
            HumanDuration.Since(obj.Metadata?.CreationTimestamp, now),
            names,
            images,
            TableFormat.FormatLabelSelector(obj.Spec?.Selector));
    }
}
