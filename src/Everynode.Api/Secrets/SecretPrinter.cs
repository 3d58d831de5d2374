using Everynode.Api.Tables;
using k8s.Models;

namespace Everynode.Api.Secrets;

/// <summary><c>NAME TYPE DATA AGE</c>, as upstream prints secrets.</summary>
public sealed class SecretPrinter : TablePrinter<V1Secret>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Type", "The type of the secret"),
        TableColumn.Count("Data", "The number of entries in the secret"),
        TableColumn.Age(),
    ];

    protected override TableRow Print(V1Secret secret, DateTime now) =>
        new(secret.Metadata?.Name ?? "", secret.Type ?? "", (long)(secret.Data?.Count ?? 0), HumanDuration.Since(secret.Metadata?.CreationTimestamp, now));
}
