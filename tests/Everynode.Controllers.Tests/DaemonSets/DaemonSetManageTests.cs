using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonSetManageTests
{
    private static ManagePlan Plan(V1DaemonSet ds, IEnumerable<V1Node> nodes, params V1Pod[] pods) =>
        DaemonSetManage.Plan(ds, nodes, ByNode(pods), "current", FailedPodBackoff.Default, Now);

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_NoNodes_DoesNothing(string strategy)
    {
        var plan = Plan(NewDaemonSet(strategy: strategy), []);
        Assert.Empty(plan.NodesNeedingDaemonPods);
        Assert.Empty(plan.PodsToDelete);
        Assert.Empty(plan.Events);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_FiveNodesNoPods_CreatesOnEach(string strategy)
    {
        var plan = Plan(NewDaemonSet(strategy: strategy), NewNodes(5));
        Assert.Equal(["node-0", "node-1", "node-2", "node-3", "node-4"], plan.NodesNeedingDaemonPods);
        Assert.Empty(plan.PodsToDelete);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_DealsWithExistingPods(string strategy)
    {
        // Upstream's TestDealsWithExistingPods: 0, 1, 2 and 5 pods on four nodes → one create, 1 + 4 deletes.
        var ds = NewDaemonSet(strategy: strategy);
        var pods = new List<V1Pod> { NewPod("one", "node-1", ds) };
        pods.AddRange(Enumerable.Range(0, 2).Select(i => NewPod($"two-{i}", "node-2", ds, ageSeconds: 100 - i)));
        pods.AddRange(Enumerable.Range(0, 5).Select(i => NewPod($"five-{i}", "node-3", ds, ageSeconds: 100 - i)));

        var plan = Plan(ds, NewNodes(4), [.. pods]);

        Assert.Equal(["node-0"], plan.NodesNeedingDaemonPods);
        Assert.Equal(["two-1", "five-1", "five-2", "five-3", "five-4"], plan.PodsToDelete);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_Duplicates_KeepsBoundPodFirstThenOldestThenName(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var unboundOldest = NewPod("a-unbound", "", ds, ageSeconds: 9999);
        unboundOldest.Spec.Affinity = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(null, "node-0");
        var plan = Plan(ds, NewNodes(1), unboundOldest, NewPod("c", "node-0", ds, ageSeconds: 10), NewPod("b", "node-0", ds, ageSeconds: 10), NewPod("d", "node-0", ds, ageSeconds: 5));

        Assert.Equal(["c", "d", "a-unbound"], plan.PodsToDelete);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_NodeNoLongerSelected_DeletesItsPodsExceptThoseAlreadyDeleting(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" };
        var deleting = NewPod("deleting", "node-0", ds);
        deleting.Metadata.DeletionTimestamp = T0;

        var plan = Plan(ds, NewNodes(1), NewPod("stale", "node-0", ds), deleting);

        Assert.Equal(["stale"], plan.PodsToDelete);
        Assert.Empty(plan.NodesNeedingDaemonPods);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_NotReadyNode_KeepsItsPodAndCreatesNoneWhereMissing(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var notReady = new[] { Taint("node.kubernetes.io/not-ready", "NoSchedule"), Taint("node.kubernetes.io/not-ready", "NoExecute") };
        V1Node[] nodes = [NewNode("with-pod", null, notReady), NewNode("without-pod", null, notReady)];

        var plan = Plan(ds, nodes, NewPod("p", "with-pod", ds));

        Assert.Empty(plan.NodesNeedingDaemonPods);
        Assert.Empty(plan.PodsToDelete);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_UntoleratedNoExecute_DeletesThePod(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var plan = Plan(ds, [NewNode("node-0", null, Taint("evict", "NoExecute"))], NewPod("p", "node-0", ds));
        Assert.Equal(["p"], plan.PodsToDelete);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_PodBeingDeleted_StillOccupiesItsNode(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var deleting = NewPod("p", "node-0", ds);
        deleting.Metadata.DeletionTimestamp = T0;

        var plan = Plan(ds, NewNodes(1), deleting);

        Assert.Empty(plan.NodesNeedingDaemonPods);
        Assert.Empty(plan.PodsToDelete);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_FailedPodBeingDeleted_IsReplacedAtOnce(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var failed = NewPod("p", "node-0", ds, phase: "Failed");
        failed.Metadata.DeletionTimestamp = T0;

        var plan = Plan(ds, NewNodes(1), failed);

        Assert.Equal(["node-0"], plan.NodesNeedingDaemonPods);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_SucceededPod_IsDeletedWithANormalEvent(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var plan = Plan(ds, NewNodes(1), NewPod("done", "node-0", ds, phase: "Succeeded"));

        Assert.Equal(["done"], plan.PodsToDelete);
        Assert.Equal(new DaemonSetEvent("Normal", "SucceededDaemonPod", "Found succeeded daemon pod default/done on node node-0, will try to delete it"), Assert.Single(plan.Events));
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_FailedPod_IsKilledThenBackedOff(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var failed = NewPod("bad", "node-0", ds, phase: "Failed");

        var first = Plan(ds, NewNodes(1), failed);
        Assert.Equal(["bad"], first.PodsToDelete);
        Assert.Equal(new DaemonSetEvent("Warning", "FailedDaemonPod", "Found failed daemon pod default/bad on node node-0, will try to kill it"), Assert.Single(first.Events));
        Assert.Null(first.RequeueAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), first.Backoff.Get("foo-uid/0/node-0"));

        // The kubelet fails the replacement at once: within the 1s backoff it is kept and the sync comes back later.
        var again = DaemonSetManage.Plan(ds, NewNodes(1), ByNode(NewPod("bad2", "node-0", ds, phase: "Failed")), "current", first.Backoff, Now.AddMilliseconds(500));
        Assert.Empty(again.PodsToDelete);
        Assert.Empty(again.Events);
        Assert.Empty(again.NodesNeedingDaemonPods);
        Assert.Equal(TimeSpan.FromSeconds(1), again.RequeueAfter);

        // After the delay it is killed again and the delay doubles.
        var later = DaemonSetManage.Plan(ds, NewNodes(1), ByNode(NewPod("bad2", "node-0", ds, phase: "Failed")), "current", first.Backoff, Now.AddSeconds(1));
        Assert.Equal(["bad2"], later.PodsToDelete);
        Assert.Equal(TimeSpan.FromSeconds(2), later.Backoff.Get("foo-uid/0/node-0"));
    }

    [Fact]
    public void Manage_TwoFailedPodsOnOneNode_KillsOneThisRound()
    {
        var ds = NewDaemonSet();
        var plan = Plan(ds, NewNodes(1), NewPod("f1", "node-0", ds, phase: "Failed"), NewPod("f2", "node-0", ds, phase: "Failed"));
        Assert.Equal(["f1"], plan.PodsToDelete);
        Assert.Equal(TimeSpan.FromSeconds(1), plan.RequeueAfter);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void Manage_UnscheduledPodForVanishedNode_IsDeletedButBoundOnesAreLeftToPodGC(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        var unbound = NewPod("unbound", "", ds);
        unbound.Spec.Affinity = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(null, "gone");

        var plan = Plan(ds, NewNodes(1), NewPod("p0", "node-0", ds), unbound, NewPod("bound", "gone", ds));

        Assert.Equal(["unbound"], plan.PodsToDelete);
        Assert.Empty(plan.NodesNeedingDaemonPods);
    }

    [Fact]
    public void Manage_Surge_NewReadyAndAvailable_DeletesTheOldPod()
    {
        var ds = NewDaemonSet(maxSurge: "1");
        var plan = Plan(ds, NewNodes(1), NewPod("old", "node-0", ds, hash: "old", ageSeconds: 100, ready: true), NewPod("new", "node-0", ds, ageSeconds: 10, ready: true));
        Assert.Equal(["old"], plan.PodsToDelete);
    }

    [Fact]
    public void Manage_Surge_NewNotYetAvailable_KeepsBoth()
    {
        var ds = NewDaemonSet(maxSurge: "20%");
        ds.Spec.MinReadySeconds = 30;
        var plan = Plan(ds, NewNodes(1), NewPod("old", "node-0", ds, hash: "old", ageSeconds: 100, ready: true), NewPod("new", "node-0", ds, ageSeconds: 10, ready: true, readyForSeconds: 30));
        Assert.Empty(plan.PodsToDelete);
    }

    [Fact]
    public void Manage_Surge_OldNotReady_DeletesTheOldPod()
    {
        var ds = NewDaemonSet(maxSurge: "1");
        var plan = Plan(ds, NewNodes(1), NewPod("old", "node-0", ds, hash: "old", ageSeconds: 100), NewPod("new", "node-0", ds, ageSeconds: 10));
        Assert.Equal(["old"], plan.PodsToDelete);
    }

    [Fact]
    public void Manage_Surge_KeepsOnlyOldestNewAndOldestOld()
    {
        var ds = NewDaemonSet(maxSurge: "1");
        var plan = Plan(ds, NewNodes(1),
            NewPod("old-1", "node-0", ds, hash: "old", ageSeconds: 100, ready: true),
            NewPod("old-2", "node-0", ds, hash: "older", ageSeconds: 90, ready: true),
            NewPod("new-1", "node-0", ds, ageSeconds: 50),
            NewPod("new-2", "node-0", ds, ageSeconds: 40));
        Assert.Equal(["old-2", "new-2"], plan.PodsToDelete);
    }

    [Fact]
    public void Manage_Surge_OnlyDeletingPod_CreatesAReplacementBesideIt()
    {
        var ds = NewDaemonSet(maxSurge: "1");
        var deleting = NewPod("p", "node-0", ds);
        deleting.Metadata.DeletionTimestamp = T0;
        var plan = Plan(ds, NewNodes(1), deleting);
        Assert.Equal(["node-0"], plan.NodesNeedingDaemonPods);
    }

    [Fact]
    public void Manage_OnDeleteIgnoresMaxSurge()
    {
        var ds = NewDaemonSet(maxSurge: "1");
        ds.Spec.UpdateStrategy.Type = "OnDelete";
        var plan = Plan(ds, NewNodes(1), NewPod("old", "node-0", ds, hash: "old", ageSeconds: 100, ready: true), NewPod("new", "node-0", ds, ageSeconds: 10, ready: true));
        Assert.Equal(["new"], plan.PodsToDelete);
    }
}
