using Everynode.Controllers.DaemonSets;
using Everynode.Controllers.Shared;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class SyncNodesPlanTests
{
    [Fact]
    public void Create_CapsCreatesAndDeletesAtTheBurstLimit()
    {
        var nodes = Enumerable.Range(0, 300).Select(i => $"node-{i}").ToList();
        var pods = Enumerable.Range(0, 260).Select(i => $"pod-{i}").ToList();

        var plan = SyncNodesPlan.Create(nodes, pods, burstReplicas: 250);

        Assert.Equal(250, plan.NodesToCreate.Count);
        Assert.Equal(250, plan.PodsToDelete.Count);
        Assert.Equal(plan.NodesToCreate, plan.CreateBatches.SelectMany(b => b));
        Assert.Equal(new ControllerExpectations(250, 250, Now), plan.Expectations(Now));
    }

    [Fact]
    public void Create_WithASmallBurst_PartitionsInOrder()
    {
        var plan = SyncNodesPlan.Create(["a", "b", "c", "d", "e", "f"], ["x"], burstReplicas: 5);

        Assert.Equal([["a"], ["b", "c"], ["d", "e"]], plan.CreateBatches.Select(b => b.ToArray()));
        Assert.Equal(4, plan.SkippedCreatesAfter(0));
        Assert.Equal(2, plan.SkippedCreatesAfter(1));
        Assert.Equal(0, plan.SkippedCreatesAfter(2));
    }

    [Fact]
    public void Expectations_FailedBatchLowersToWhatWasAttempted()
    {
        // Upstream's TestDaemonSetPodCreateExpectationsError pattern: every create fails.
        var plan = SyncNodesPlan.Create([.. Enumerable.Range(0, 10).Select(i => $"n{i}")], []);
        var expectations = plan.Expectations(Now);

        expectations = expectations.CreationObserved(); // the one create of batch 0 failed
        expectations = expectations.Lower(plan.SkippedCreatesAfter(0), 0);

        Assert.True(expectations.Fulfilled);
        Assert.True(ControllerExpectations.SatisfiedExpectations(expectations, Now));
    }
}
