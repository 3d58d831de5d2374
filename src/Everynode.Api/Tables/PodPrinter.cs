using System.Globalization;
using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary><c>NAME READY STATUS RESTARTS AGE</c>; wide: <c>IP NODE NOMINATED NODE READINESS GATES</c>.</summary>
public sealed class PodPrinter : TablePrinter<V1Pod>
{
    private static readonly TableRowCondition[] Succeeded = [new("Completed", "True", "Succeeded", "The pod has completed successfully.")];
    private static readonly TableRowCondition[] Failed = [new("Completed", "True", "Failed", "The pod failed.")];

    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.ObjectName(),
        TableColumn.Text("Ready", ColumnDescriptions.PodReady),
        TableColumn.Text("Status", ColumnDescriptions.PodStatus),
        TableColumn.Text("Restarts", ColumnDescriptions.PodRestarts),
        TableColumn.Age(),
        TableColumn.Text("IP", ColumnDescriptions.PodIP, 1),
        TableColumn.Text("Node", ColumnDescriptions.PodNodeName, 1),
        TableColumn.Text("Nominated Node", ColumnDescriptions.PodNominatedNodeName, 1),
        TableColumn.Text("Readiness Gates", ColumnDescriptions.PodReadinessGates, 1),
    ];

    protected override TableRow Print(V1Pod pod, DateTime now)
    {
        var summary = PodSummary.Of(pod);
        var status = pod.Status ?? new V1PodStatus();
        var podIP = status.PodIPs is { Count: > 0 } ips ? ips[0].Ip : "";
        var cells = new object[]
        {
            pod.Metadata?.Name ?? "",
            string.Create(CultureInfo.InvariantCulture, $"{summary.ReadyContainers}/{summary.TotalContainers}"),
            summary.Status,
            summary.RestartsCell(now),
            HumanDuration.Since(pod.Metadata?.CreationTimestamp, now),
            OrNone(podIP),
            OrNone(pod.Spec?.NodeName),
            OrNone(status.NominatedNodeName),
            ReadinessGates(pod),
        };
        var conditions = status.Phase switch
        {
            "Succeeded" => Succeeded,
            "Failed" => Failed,
            _ => [],
        };
        return new TableRow(cells, conditions);
    }

    /// <summary><c>true/total</c> over the pod's readiness gates, or <c>&lt;none&gt;</c>.</summary>
    private static string ReadinessGates(V1Pod pod)
    {
        var gates = pod.Spec?.ReadinessGates;
        if (gates is not { Count: > 0 })
        {
            return TableFormat.None;
        }

        var conditions = pod.Status?.Conditions ?? [];
        var trueConditions = gates.Count(g => conditions.FirstOrDefault(c => c.Type == g.ConditionType)?.Status == "True");
        return string.Create(CultureInfo.InvariantCulture, $"{trueConditions}/{gates.Count}");
    }

    private static string OrNone(string? value) => string.IsNullOrEmpty(value) ? TableFormat.None : value;
}
