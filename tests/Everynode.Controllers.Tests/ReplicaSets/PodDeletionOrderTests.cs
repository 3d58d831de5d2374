using Everynode.Controllers.ReplicaSets;
using k8s.Models;
using static Everynode.Controllers.Tests.ReplicaSets.ReplicaSetTestObjects;

namespace Everynode.Controllers.Tests.ReplicaSets;

/// <summary>Upstream's ActivePodsWithRanks order, one rule a row: the first pod named is deleted first.</summary>
public sealed class PodDeletionOrderTests
{
    public static TheoryData<string, V1Pod, V1Pod> Rules => new()
    {
        { "unassigned before assigned", NewPod("a", node: null, phase: "Pending", ready: false), NewPod("b", phase: "Pending", ready: false) },
        { "pending before unknown", NewPod("a", phase: "Pending", ready: false), NewPod("b", phase: "Unknown", ready: false) },
        { "unknown before running", NewPod("a", phase: "Unknown", ready: false), NewPod("b", phase: "Running", ready: false) },
        { "not ready before ready", NewPod("a", ready: false), NewPod("b") },
        { "lower deletion cost first", NewPod("a", deletionCost: -5), NewPod("b", deletionCost: 10) },
        { "cost beats readiness order below it", NewPod("a", deletionCost: 1, restarts: 0), NewPod("b", deletionCost: 2, restarts: 9) },
        { "ready for less time first", NewPod("a", readyForSeconds: 10), NewPod("b", readyForSeconds: 100_000) },
        { "more restarts first", NewPod("a", restarts: 3), NewPod("b", restarts: 1) },
        { "newer first", NewPod("a", ageSeconds: 10, readyForSeconds: 5), NewPod("b", ageSeconds: 100_000, readyForSeconds: 5) },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Compare_OrdersPodsAsUpstream(string rule, V1Pod first, V1Pod second)
    {
        Assert.True(PodDeletionOrder.Compare(first, 0, second, 0, Now) < 0, rule);
        Assert.True(PodDeletionOrder.Compare(second, 0, first, 0, Now) > 0, rule);
    }

    [Fact]
    public void Compare_SameAgeOnTheLogScale_TiesByUid()
    {
        // 1000 s and 1001 s old fall in the same log2 bucket, so the newer one is not preferred; the UID decides.
        var a = NewPod("a", ageSeconds: 1001, readyForSeconds: 5);
        var b = NewPod("b", ageSeconds: 1000, readyForSeconds: 5);
        Assert.True(PodDeletionOrder.Compare(a, 0, b, 0, Now) < 0);
    }

    [Fact]
    public void PodsToDelete_PrefersPodsDoubledUpOnANode()
    {
        var rs = NewReplicaSet();
        var alone = NewPod("alone", rs, node: "node-0");
        var twinA = NewPod("twin-a", rs, node: "node-1");
        var twinB = NewPod("twin-b", rs, node: "node-1");
        var pods = new[] { alone, twinA, twinB };
        var deleted = PodDeletionOrder.PodsToDelete(pods, pods, 1, Now);
        Assert.Contains(Assert.Single(deleted).Metadata.Name, new[] { "twin-a", "twin-b" });
    }

    [Fact]
    public void PodsToDelete_RanksCountRelatedPodsOfOtherReplicaSets()
    {
        var rs = NewReplicaSet();
        var onBusyNode = NewPod("a", rs, node: "node-0");
        var onQuietNode = NewPod("b", rs, node: "node-1");
        var sibling = NewPod("old", NewReplicaSet("web-old", uid: "old-uid"), node: "node-0");
        var deleted = PodDeletionOrder.PodsToDelete([onBusyNode, onQuietNode], [onBusyNode, onQuietNode, sibling], 1, Now);
        Assert.Equal("a", Assert.Single(deleted).Metadata.Name);
    }

    [Theory]
    [InlineData("12", 12)]
    [InlineData("-3", -3)]
    [InlineData("x", 0)]
    [InlineData(null, 0)]
    public void DeletionCost_ReadsTheAnnotation(string? value, int expected)
    {
        var pod = NewPod("p");
        if (value is not null)
        {
            pod.Metadata.Annotations = new Dictionary<string, string> { [PodDeletionOrder.PodDeletionCostAnnotation] = value };
        }

        Assert.Equal(expected, PodDeletionOrder.DeletionCost(pod));
    }
}
