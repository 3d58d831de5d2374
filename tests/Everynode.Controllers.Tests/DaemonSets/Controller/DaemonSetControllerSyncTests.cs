using Everynode.Controllers.DaemonSets;
using Everynode.Controllers.Shared;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>SyncAsync against seeded caches, asserting the exact writes and events (upstream's daemon_controller_test style).</summary>
public sealed class DaemonSetControllerSyncTests
{
    private static List<string> PinnedNodes(IEnumerable<V1Pod> pods) =>
        [.. pods.Select(p => DaemonPodNodeAffinity.GetTargetNodeName(p)!).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_NewDaemonSetWithThreeNodes_CreatesOnePodPinnedToEachNode(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet(strategy: strategy);
        h.With([.. NewNodes(3)]).With(ds);

        await h.SyncAsync(ds);

        Assert.Equal(["node-0", "node-1", "node-2"], PinnedNodes(h.Control.CreatedPods));
        var revision = Assert.Single(h.Control.CreatedRevisions);
        var hash = revision.Metadata.Labels[DaemonSetLabels.ControllerRevisionHash];
        Assert.Equal($"foo-{hash}", revision.Metadata.Name);
        Assert.Equal(1, revision.Revision);
        foreach (var pod in h.Control.CreatedPods)
        {
            Assert.Equal("foo-", pod.Metadata.GenerateName);
            Assert.True(string.IsNullOrEmpty(pod.Spec.NodeName));
            Assert.Equal(hash, pod.Metadata.Labels[DaemonSetLabels.ControllerRevisionHash]);
            Assert.Equal("1", pod.Metadata.Labels[DaemonSetLabels.PodTemplateGeneration]);
            var owner = Assert.Single(pod.Metadata.OwnerReferences);
            Assert.Equal(("DaemonSet", "foo-uid", true), (owner.Kind, owner.Uid, owner.Controller == true));
            var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
            var field = Assert.Single(term.MatchFields);
            Assert.Equal(("metadata.name", "In"), (field.Key, field.OperatorProperty));
        }

        Assert.Equal(3, h.Recorder.WithReason("SuccessfulCreate").Count);
        Assert.All(h.Recorder.WithReason("SuccessfulCreate"), e => Assert.StartsWith("Normal SuccessfulCreate Created pod: foo-", e));
        Assert.Equal(new ControllerExpectations(3, 0, Now), h.Controller.ExpectationsFor("default/foo"));
        var status = Assert.Single(h.Control.StatusUpdates).Status;
        Assert.Equal((3, 0, 3, 1L), (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberUnavailable ?? 0, status.ObservedGeneration ?? 0));
    }

    [Fact]
    public async Task Sync_NodeNotMatchingNodeSelector_CreatesNothing()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" };
        h.With(NewNode("plain"), NewNode("blue", new Dictionary<string, string> { ["color"] = "blue" })).With(ds);

        await h.SyncAsync(ds);

        Assert.Equal(["blue"], PinnedNodes(h.Control.CreatedPods));
        Assert.Equal(1, h.Control.StatusUpdates[0].Status.DesiredNumberScheduled);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_UntoleratedTaint_CreatesNothing(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet(strategy: strategy);
        h.With(NewNode("tainted", null, Taint("dedicated", "NoSchedule", "gpu"))).With(ds);

        await h.SyncAsync(ds);

        Assert.Empty(h.Control.CreatedPods);
        Assert.Equal(0, h.Control.StatusUpdates[0].Status.DesiredNumberScheduled);
    }

    [Fact]
    public async Task Sync_CordonedNode_StillGetsADaemonPod()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With(NewNode("cordoned", null, Taint("node.kubernetes.io/unschedulable", "NoSchedule"))).With(ds);

        await h.SyncAsync(ds);

        Assert.Equal(["cordoned"], PinnedNodes(h.Control.CreatedPods));
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_PodOnNodeThatStoppedQualifying_DeletesIt(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet(strategy: strategy);
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" };
        h.With(NewNode("node-0", new Dictionary<string, string> { ["color"] = "green" })).With(ds).With(NewPod("p0", "node-0", ds));

        await h.SyncAsync(ds);

        Assert.Equal(["p0"], h.Control.DeletedPods);
        Assert.Equal(["Normal SuccessfulDelete Deleted pod: p0"], h.Recorder.Events);
        Assert.Equal(1, h.Control.StatusUpdates[0].Status.NumberMisscheduled);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_FailedPod_DeletesItRecordsEventThenBacksOff(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet(strategy: strategy);
        ds.Status.ObservedGeneration = 1; // the backoff key includes it
        h.With(NewNode("node-0")).With(ds).With(NewPod("failed", "node-0", ds, phase: "Failed"));

        await h.SyncAndObserveAsync(ds);

        Assert.Equal(["failed"], h.Control.DeletedPods);
        Assert.Equal(
            ["Warning FailedDaemonPod Found failed daemon pod default/failed on node node-0, will try to kill it", "Normal SuccessfulDelete Deleted pod: failed"],
            h.Recorder.Events);

        // The kubelet fails the replacement at once: within the backoff the controller keeps it and looks again later.
        await h.QueuedKeysAsync();
        var hash = h.Control.CreatedRevisions[0].Metadata.Labels[DaemonSetLabels.ControllerRevisionHash];
        h.With(NewPod("failed-again", "node-0", ds, hash, phase: "Failed"));
        await h.SyncAsync(ds);
        Assert.Equal(["failed"], h.Control.DeletedPods);
        Assert.Empty(await h.QueuedKeysAsync());
        h.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["default/foo"], await h.QueuedKeysAsync());
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_DuplicatePodsOnNode_DeletesTheNewest(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet(strategy: strategy);
        h.With(NewNode("node-0")).With(ds).With(NewPod("old", "node-0", ds, ageSeconds: 100), NewPod("new", "node-0", ds, ageSeconds: 10));

        await h.SyncAsync(ds);

        Assert.Equal(["new"], h.Control.DeletedPods);
        Assert.Empty(h.Control.CreatedPods);
        Assert.Equal(new ControllerExpectations(0, 1, Now), h.Controller.ExpectationsFor("default/foo"));
    }

    [Fact]
    public async Task Sync_PodsInVariousStates_StatusCountsThem()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["run"] = "yes" };
        var yes = new Dictionary<string, string> { ["run"] = "yes" };
        h.With(NewNode("ready", yes), NewNode("unready", yes), NewNode("empty", yes), NewNode("other")).With(ds);
        await h.SyncAndObserveAsync(ds); // creates the revision (and a pod per eligible node)
        var hash = h.Control.CreatedRevisions[0].Metadata.Labels[DaemonSetLabels.ControllerRevisionHash];
        foreach (var created in h.Control.CreatedPods)
        {
            h.Informers.Pods.Cache.Unseed(created);
        }

        h.With(
            NewPod("a", "ready", ds, hash, ready: true),
            NewPod("b", "unready", ds, "old-hash"),
            NewPod("c", "other", ds, hash, ready: true));
        h.Controller.OnDaemonSetDelete(ds); // drop the expectations of the first sync
        await h.SyncAsync(h.Current(ds));

        var status = h.Control.StatusUpdates[^1].Status;
        Assert.Equal(
            (3, 2, 1, 1, 1, 1, 2),
            (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.NumberMisscheduled, status.NumberReady,
             status.UpdatedNumberScheduled ?? 0, status.NumberAvailable ?? 0, status.NumberUnavailable ?? 0));
    }

    [Fact]
    public async Task Sync_StatusUnchanged_IsNotWrittenAgain()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With([.. NewNodes(2)]).With(ds);
        await h.SyncAndObserveAsync(ds);
        await h.SyncAndObserveAsync(h.Current(ds)); // sees its pods: current 2
        var writes = h.Control.StatusUpdates.Count;

        await h.SyncAndObserveAsync(h.Current(ds));

        Assert.Equal(writes, h.Control.StatusUpdates.Count);
        Assert.Equal(2, h.Current(ds).Status.CurrentNumberScheduled);
        Assert.Equal(2, h.Control.CreatedPods.Count);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_ExpectationsUnsatisfied_SecondSyncCreatesNothing(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet(strategy: strategy);
        h.With([.. NewNodes(3)]).With(ds);
        await h.SyncAsync(ds);
        h.Informers.ControllerRevisions.Cache.Seed(h.Control.CreatedRevisions[0]);

        await h.SyncAsync(ds); // the informer has not shown the three pods yet

        Assert.Equal(3, h.Control.CreatePodCalls);

        h.ObserveWrites();
        Assert.True(h.Controller.ExpectationsFor("default/foo")!.Fulfilled);
        await h.SyncAsync(ds);
        Assert.Equal(3, h.Control.CreatePodCalls);
    }

    [Fact]
    public async Task Sync_LastCreationObservedAfterThePodsWereRead_CreatesNothing()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With([.. NewNodes(3)]).With(ds);
        await h.SyncAsync(ds);
        Assert.Equal(3, h.Control.CreatePodCalls);

        // The second sync reads the pods (none seen yet), then, while it writes the ControllerRevision its informer
        // has not shown either, the three pods arrive and satisfy the expectations. Its pod list is stale: acting on
        // it would put a second pod on every node.
        h.Control.BeforeRevisionCreate = h.ObserveWrites;
        await h.SyncAsync(ds);

        Assert.Equal(3, h.Control.CreatePodCalls);
        Assert.True(h.Controller.ExpectationsFor("default/foo")!.Fulfilled);
        h.Control.BeforeRevisionCreate = null;
        await h.SyncAsync(ds);
        Assert.Equal(3, h.Control.CreatePodCalls);
    }
}
