using Everynode.Scheduler.Framework;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Plugins;

public class DefaultPreemptionTests
{
    private static V1Pod Priority(V1Pod pod, int priority)
    {
        pod.Spec.Priority = priority;
        return pod;
    }

    [Fact]
    public void ScheduleOne_PreemptionPolicyNever_SaysThePodIsNotEligible()
    {
        var pod = Priority(Make.Pod("p", "2", change: p => p.Spec.PreemptionPolicy = "Never"), 1000);
        var snapshot = Snapshot.Create([Make.Node("n1", cpu: "2")], [Priority(Make.Pod("low", "1"), 0).OnNode("n1")]);
        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never.",
            SchedulingAlgorithm.ScheduleOne(pod, snapshot).FailureMessage);
    }

    [Fact]
    public void ScheduleOne_LowerPriorityPodsInTheWay_NominateTheNodeAndNameOnlyTheNeededVictims()
    {
        var snapshot = Snapshot.Create(
            [Make.Node("n1", cpu: "3")],
            [
                Priority(Make.Pod("low-a", "1"), 10).OnNode("n1"),
                Priority(Make.Pod("low-b", "1"), 5).OnNode("n1"),
                Priority(Make.Pod("same", "1"), 1000).OnNode("n1"),
            ]);
        var result = SchedulingAlgorithm.ScheduleOne(Priority(Make.Pod("critical", "1").PinnedTo("n1"), 1000), snapshot);

        Assert.Equal("n1", result.Preemption?.NodeName);
        Assert.Equal(["default/low-b"], result.Preemption!.Victims.Select(v => v.Key));
        Assert.Equal("0/1 nodes are available: 1 Insufficient cpu.", result.FailureMessage);
    }

    [Fact]
    public void ScheduleOne_EvictingLowerPriorityPodsIsNotEnough_ReportsWhyAfterTheDryRun()
    {
        var snapshot = Snapshot.Create([Make.Node("n1", cpu: "2")], [Priority(Make.Pod("low", "1"), 0).OnNode("n1")]);
        var result = SchedulingAlgorithm.ScheduleOne(Priority(Make.Pod("big", "3"), 100), snapshot);
        Assert.Null(result.Preemption);
        Assert.Equal(
            "0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 Insufficient cpu.",
            result.FailureMessage);
    }

    [Fact]
    public void ScheduleOne_PrefersTheNodeWhoseVictimsMatterLeast()
    {
        var snapshot = Snapshot.Create(
            [Make.Node("a", cpu: "1"), Make.Node("b", cpu: "1")],
            [Priority(Make.Pod("on-a", "1"), 50).OnNode("a"), Priority(Make.Pod("on-b", "1"), 10).OnNode("b")]);
        var result = SchedulingAlgorithm.ScheduleOne(Priority(Make.Pod("p", "1"), 100), snapshot);
        Assert.Equal("b", result.Preemption?.NodeName);
    }
}
