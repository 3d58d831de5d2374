using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary><c>NAME HOLDER AGE</c>; HOLDER is the holderIdentity, empty when there is none.</summary>
public sealed class LeasePrinter : TablePrinter<V1Lease>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Holder", ColumnDescriptions.LeaseHolder),
        TableColumn.Age(),
    ];

    protected override TableRow Print(V1Lease lease, DateTime now) =>
        new(lease.Metadata?.Name ?? "", lease.Spec?.HolderIdentity ?? "", HumanDuration.Since(lease.Metadata?.CreationTimestamp, now));
}
