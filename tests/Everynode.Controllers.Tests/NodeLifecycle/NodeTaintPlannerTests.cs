using Everynode.Controllers.NodeLifecycle;
using k8s.Models;
using static Everynode.Controllers.Tests.NodeLifecycle.NodeLifecycleTestObjects;

namespace Everynode.Controllers.Tests.NodeLifecycle;

/// <summary>Conditions and spec.unschedulable to taints, both ways, and nothing else touched.</summary>
public sealed class NodeTaintPlannerTests
{
    public static TheoryData<string, string, string[]> Transitions => new()
    {
        { "Ready", "True", [] },
        { "Ready", "False", ["node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"] },
        { "Ready", "Unknown", ["node.kubernetes.io/unreachable:NoSchedule", "node.kubernetes.io/unreachable:NoExecute"] },
        { "MemoryPressure", "True", ["node.kubernetes.io/memory-pressure:NoSchedule"] },
        { "MemoryPressure", "False", [] },
        { "DiskPressure", "True", ["node.kubernetes.io/disk-pressure:NoSchedule"] },
        { "PIDPressure", "True", ["node.kubernetes.io/pid-pressure:NoSchedule"] },
        { "NetworkUnavailable", "True", ["node.kubernetes.io/network-unavailable:NoSchedule"] },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Reconcile_Condition_GivesUpstreamsTaints(string type, string status, string[] expected)
    {
        var conditions = type == "Ready" ? [(type, status)] : new[] { ("Ready", "True"), (type, status) };
        var taints = NodeTaintPlanner.Reconcile(Node(conditions: conditions), T0);
        Assert.Equal(expected, (taints ?? []).Select(t => $"{t.Key}:{t.Effect}"));
        Assert.Equal(expected.Length == 0, taints is null);
    }

    [Fact]
    public void Reconcile_NewNoExecuteTaint_IsStampedWithTimeAdded_NoScheduleIsNot()
    {
        var taints = NodeTaintPlanner.Reconcile(Node(conditions: ("Ready", "Unknown")), T0)!;
        Assert.Null(taints.Single(t => t.Effect == "NoSchedule").TimeAdded);
        Assert.Equal(T0.UtcDateTime, taints.Single(t => t.Effect == "NoExecute").TimeAdded);
    }

    [Fact]
    public void Reconcile_Cordoned_AddsUnschedulable_UncordonRemovesIt()
    {
        var cordoned = Node(unschedulable: true, conditions: ("Ready", "True"));
        var taints = NodeTaintPlanner.Reconcile(cordoned, T0)!;
        Assert.Equal(["node.kubernetes.io/unschedulable:NoSchedule"], taints.Select(t => $"{t.Key}:{t.Effect}"));

        var uncordoned = Node(taints: taints, conditions: ("Ready", "True"));
        Assert.Empty(NodeTaintPlanner.Reconcile(uncordoned, T0)!);
    }

    [Fact]
    public void Reconcile_NodeRecovers_RemovesManagedTaints_KeepsForeignOnesInPlace()
    {
        var foreign = new V1Taint { Key = "dedicated", Value = "gpu", Effect = "NoSchedule" };
        var node = Node(
            taints: [Taint("node.kubernetes.io/unreachable", "NoSchedule"), foreign, Taint("node.kubernetes.io/unreachable", "NoExecute", T0), Taint("node.kubernetes.io/not-ready", "PreferNoSchedule")],
            conditions: ("Ready", "True"));
        var taints = NodeTaintPlanner.Reconcile(node, T0.AddMinutes(1))!;
        Assert.Equal(["dedicated:NoSchedule", "node.kubernetes.io/not-ready:PreferNoSchedule"], taints.Select(t => $"{t.Key}:{t.Effect}"));
    }

    [Fact]
    public void Reconcile_UnknownToFalse_SwapsUnreachableForNotReady()
    {
        var node = Node(taints: [Taint("node.kubernetes.io/unreachable", "NoSchedule"), Taint("node.kubernetes.io/unreachable", "NoExecute", T0)], conditions: ("Ready", "False"));
        var taints = NodeTaintPlanner.Reconcile(node, T0.AddSeconds(5))!;
        Assert.Equal(["node.kubernetes.io/not-ready:NoSchedule", "node.kubernetes.io/not-ready:NoExecute"], taints.Select(t => $"{t.Key}:{t.Effect}"));
        Assert.Equal(T0.UtcDateTime.AddSeconds(5), taints[1].TimeAdded);
    }

    [Fact]
    public void Reconcile_TaintsAlreadyRight_ReturnsNullAndKeepsTimeAdded()
    {
        var node = Node(taints: [Taint("node.kubernetes.io/unreachable", "NoExecute", T0), Taint("node.kubernetes.io/unreachable", "NoSchedule")], conditions: ("Ready", "Unknown"));
        Assert.Null(NodeTaintPlanner.Reconcile(node, T0.AddHours(1)));
    }
}
