using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary><c>NAME STATUS AGE</c>, STATUS being the phase.</summary>
public sealed class NamespacePrinter : TablePrinter<V1Namespace>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Status", ColumnDescriptions.NamespaceStatus),
        TableColumn.Age(),
    ];

    protected override TableRow Print(V1Namespace ns, DateTime now) =>
        new(ns.Metadata?.Name ?? "", ns.Status?.Phase ?? "", HumanDuration.Since(ns.Metadata?.CreationTimestamp, now));
}
