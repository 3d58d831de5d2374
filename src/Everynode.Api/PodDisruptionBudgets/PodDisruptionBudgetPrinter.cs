using Everynode.Api.Tables;
using k8s.Models;

namespace Everynode.Api.PodDisruptionBudgets;

/// <summary><c>NAME MIN AVAILABLE MAX UNAVAILABLE ALLOWED DISRUPTIONS AGE</c>; an unset bound prints <c>N/A</c>, as upstream.</summary>
public sealed class PodDisruptionBudgetPrinter : TablePrinter<V1PodDisruptionBudget>
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Min Available", "The minimum number or percentage of available pods this budget requires."),
        TableColumn.Text("Max Unavailable", "The maximum number or percentage of unavailable pods this budget requires."),
        TableColumn.Count("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
        TableColumn.Age(),
    ];

    protected override TableRow Print(V1PodDisruptionBudget pdb, DateTime now) =>
        new(
            pdb.Metadata?.Name ?? "",
            pdb.Spec?.MinAvailable?.Value ?? "N/A",
            pdb.Spec?.MaxUnavailable?.Value ?? "N/A",
            (long)(pdb.Status?.DisruptionsAllowed ?? 0),
            HumanDuration.Since(pdb.Metadata?.CreationTimestamp, now));
}
