using Everynode.Scheduler.Framework;
using k8s.Models;

namespace Everynode.Scheduler.Tests;

public class SchedulingAlgorithmTests
{
    private static Snapshot Cluster(IEnumerable<V1Node> nodes, params V1Pod[] assigned) => Snapshot.Create(nodes, assigned);

    [Fact]
    public void ScheduleOne_DaemonPodAmongTenThousandNodes_ChecksOnlyItsOwnNode()
    {
        var snapshot = Cluster(Enumerable.Range(0, 10_000).Select(i => Make.Node($"node-{i}")));
        var result = SchedulingAlgorithm.ScheduleOne(Make.Pod("ds-abc", "100m").PinnedTo("node-4711"), snapshot);

        Assert.Equal("node-4711", result.SuggestedHost);
        Assert.Equal(1, result.EvaluatedNodes);
        Assert.Null(result.FailureMessage);
    }

    [Fact]
    public void ScheduleOne_DaemonPodOnATooSmallNode_ReportsInsufficientCpuAndNoPreemptionVictims()
    {
        var result = SchedulingAlgorithm.ScheduleOne(Make.Pod("ds-abc", "2").PinnedTo("small"), Cluster([Make.Node("small", cpu: "1")]));
        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
            result.FailureMessage);
        Assert.Null(result.Preemption);
    }

    [Fact]
    public void ScheduleOne_DaemonPodOnATooSmallNodeAmongOthers_CountsTheOthersAsRuledOutByThePreFilter()
    {
        var nodes = new[] { Make.Node("a"), Make.Node("small", cpu: "1"), Make.Node("c") };
        var result = SchedulingAlgorithm.ScheduleOne(Make.Pod("ds-abc", "2").PinnedTo("small"), Cluster(nodes));
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            result.FailureMessage);
    }

    [Fact]
    public void ScheduleOne_MixedReasons_AreCountedAndSorted()
    {
        var nodes = new[]
        {
            Make.Node("n1", cpu: "1", change: n => n.Metadata.Labels["disk"] = "ssd"),
            Make.Node("n2"),
            Make.Node("n3"),
        };
        var pod = Make.Pod("web", "2", change: p => p.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" });
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector. "
            + "preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.",
            SchedulingAlgorithm.ScheduleOne(pod, Cluster(nodes)).FailureMessage);
    }

    [Fact]
    public void ScheduleOne_ANodeIsRejectedByTheFirstFailingFilterOnly()
    {
        var node = Make.Node("n1", cpu: "1").WithTaints(new V1Taint { Key = "dedicated", Value = "db", Effect = "NoSchedule" });
        Assert.Equal(
            "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: db}. "
            + "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
            SchedulingAlgorithm.ScheduleOne(Make.Pod("p", "2"), Cluster([node])).FailureMessage);
    }

    [Fact]
    public void ScheduleOne_DaemonPodPinnedToAMissingNode_FitsNowhere()
    {
        var result = SchedulingAlgorithm.ScheduleOne(Make.Pod("ds").PinnedTo("gone"), Cluster([Make.Node("a"), Make.Node("b")]));
        Assert.Equal(0, result.EvaluatedNodes);
        Assert.Equal(
            "0/2 nodes are available: 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. "
            + "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
            result.FailureMessage);
    }

    [Fact]
    public void ScheduleOne_ConflictingNameTerms_ReportThePreFilterMessage()
    {
        var pod = Make.Pod("p").PinnedTo("a");
        pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchFields.Add(
            new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = ["b"] });
        Assert.Equal(
            "0/2 nodes are available: pod affinity terms conflict. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
            SchedulingAlgorithm.ScheduleOne(pod, Cluster([Make.Node("a"), Make.Node("b")])).FailureMessage);
    }

    [Fact]
    public void ScheduleOne_WithoutNodes_SaysNoNodesAreAvailable() =>
        Assert.Equal("no nodes available to schedule pods", SchedulingAlgorithm.ScheduleOne(Make.Pod("p"), Cluster([])).FailureMessage);

    [Fact]
    public void ScheduleOne_PicksTheLeastAllocatedNode()
    {
        var snapshot = Cluster(
            [Make.Node("busy"), Make.Node("idle"), Make.Node("half")],
            Make.Pod("a", "3", "6Gi").OnNode("busy"),
            Make.Pod("b", "2", "4Gi").OnNode("half"));
        var result = SchedulingAlgorithm.ScheduleOne(Make.Pod("p", "500m", "1Gi"), snapshot);
        Assert.Equal("idle", result.SuggestedHost);
        Assert.Equal(3, result.EvaluatedNodes);
        Assert.Equal(3, result.FeasibleNodes);
    }

    [Fact]
    public void ScheduleOne_EqualScores_GoToTheFirstNodeByName() =>
        Assert.Equal("alpha", SchedulingAlgorithm.ScheduleOne(Make.Pod("p", "1"), Cluster([Make.Node("charlie"), Make.Node("alpha"), Make.Node("bravo")])).SuggestedHost);

    [Fact]
    public void ScheduleOne_AnAssumedPodTakesRoomFromTheNextPod()
    {
        var snapshot = Cluster([Make.Node("n1", cpu: "1500m")]);
        var first = Make.Pod("first", "1");
        Assert.Equal("n1", SchedulingAlgorithm.ScheduleOne(first, snapshot).SuggestedHost);
        snapshot.Assume(first, "n1");

        var second = SchedulingAlgorithm.ScheduleOne(Make.Pod("second", "1"), snapshot);
        Assert.StartsWith("0/1 nodes are available: 1 Insufficient cpu.", second.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void ScheduleOne_DaemonPodToleratingUnschedulable_LandsOnACordonedNode()
    {
        var pod = Make.Pod("ds").PinnedTo("n1").WithTolerations(
            new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" });
        Assert.Equal("n1", SchedulingAlgorithm.ScheduleOne(pod, Cluster([Make.Node("n1", change: n => n.Spec.Unschedulable = true)])).SuggestedHost);
    }

    [Fact]
    public void ScheduleOne_PortTakenOnTheDaemonNode_ReportsNoFreePorts()
    {
        var snapshot = Cluster([Make.Node("n1")], Make.Pod("old", change: p => p.Spec.Priority = 0).WithHostPort(9100).OnNode("n1"));
        Assert.Equal(
            "0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports. "
            + "preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.",
            SchedulingAlgorithm.ScheduleOne(Make.Pod("ds").PinnedTo("n1").WithHostPort(9100), snapshot).FailureMessage);
    }
}
