using Everynode.Api.Models;
using Everynode.Controllers.DaemonSets;
using Everynode.Controllers.Shared;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>SyncAsync after a template change: the exact pod writes of RollingUpdate and OnDelete.</summary>
public sealed class DaemonSetControllerRollingUpdateTests
{
    private static V1DaemonSet ChangedDaemonSet(string strategy, string maxSurge = "0")
    {
        var ds = NewDaemonSet(strategy: strategy, maxSurge: maxSurge);
        ds.Spec.Template.Spec.Containers[0].Image = "foo/bar:v2";
        ds.Metadata.Annotations["deprecated.daemonset.template.generation"] = "2";
        ds.Metadata.Generation = 2;
        return ds;
    }

    private static V1Pod[] OldPods(V1DaemonSet ds, int count) =>
        [.. Enumerable.Range(0, count).Select(i => NewPod($"old-{i}", $"node-{i}", ds, hash: "previous", ready: true))];

    /// <summary>Two Ready nodes: node-1 keeps its old pod, node-0's new pod crash-loops; synced twice, the rollout is stalled.</summary>
    private static async Task<(ControllerHarness Harness, V1DaemonSet DaemonSet, V1Pod Crashing)> CrashingRolloutAsync()
    {
        var h = new ControllerHarness();
        var ds = ChangedDaemonSet("RollingUpdate");
        var nodes = NewNodes(2);
        nodes.ForEach(n => n.Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] });
        h.With([.. nodes]).With(ds).With(OldPods(ds, 2)[1]);
        var hash = ControllerRevisionHash.ComputeHash(ds.Spec.Template, null);
        var crashing = NewPod("crashing", "node-0", ds, hash: hash);
        crashing.Status.ContainerStatuses = [new V1ContainerStatus { Name = "foo", RestartCount = 4, State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = "CrashLoopBackOff" } } }];
        h.With(crashing);
        await h.SyncAndObserveAsync(ds);
        await h.SyncAndObserveAsync(h.Current(ds));
        return (h, ds, crashing);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_TemplateChanged_RollingUpdateDeletesOneOldPodOnDeleteNone(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = ChangedDaemonSet(strategy);
        h.With([.. NewNodes(3)]).With(ds).With(OldPods(ds, 3));

        await h.SyncAsync(ds);

        Assert.Empty(h.Control.CreatedPods);
        Assert.Equal(strategy == "RollingUpdate" ? ["old-0"] : [], h.Control.DeletedPods);
        var status = h.Control.StatusUpdates[^1].Status;
        Assert.Equal((3, 3, 0, 3, 0, 2L), (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.UpdatedNumberScheduled ?? 0, status.NumberAvailable ?? 0, status.NumberUnavailable ?? 0, status.ObservedGeneration ?? 0));
    }

    [Fact]
    public async Task Sync_AfterTheOldPodIsGone_ManageCreatesTheNewTemplatePodAndTheNextOldPodWaits()
    {
        using var h = new ControllerHarness();
        var ds = ChangedDaemonSet("RollingUpdate");
        h.With([.. NewNodes(3)]).With(ds).With(OldPods(ds, 3));
        await h.SyncAndObserveAsync(ds);

        await h.SyncAndObserveAsync(ds);

        var created = Assert.Single(h.Control.CreatedPods);
        Assert.Equal("node-0", DaemonPodNodeAffinity.GetTargetNodeName(created));
        Assert.Equal("foo/bar:v2", created.Spec.Containers[0].Image);
        Assert.Equal(h.Control.CreatedRevisions[0].Metadata.Labels["controller-revision-hash"], created.Metadata.Labels["controller-revision-hash"]);
        Assert.Equal(["old-0"], h.Control.DeletedPods);

        // The new pod is not ready yet: the budget of one is spent, no other old pod goes.
        await h.SyncAndObserveAsync(ds);
        Assert.Equal(["old-0"], h.Control.DeletedPods);
        var status = h.Current(ds).Status;
        Assert.Equal((3, 1, 2, 1), (status.CurrentNumberScheduled, status.UpdatedNumberScheduled ?? 0, status.NumberAvailable ?? 0, status.NumberUnavailable ?? 0));
    }

    [Fact]
    public async Task Sync_MaxSurge_CreatesTheNewPodBesideTheOldOneAndDeletesNothing()
    {
        using var h = new ControllerHarness();
        var ds = ChangedDaemonSet("RollingUpdate", maxSurge: "1");
        h.With([.. NewNodes(3)]).With(ds).With(OldPods(ds, 3));

        await h.SyncAsync(ds);

        Assert.Empty(h.Control.DeletedPods);
        var created = Assert.Single(h.Control.CreatedPods);
        Assert.Equal("node-0", DaemonPodNodeAffinity.GetTargetNodeName(created));
        Assert.Equal(new ControllerExpectations(1, 0, Now), h.Controller.ExpectationsFor("default/foo"));
    }

    [Fact]
    public async Task Sync_MaxSurge_NewPodAvailable_DeletesTheOldOne()
    {
        using var h = new ControllerHarness();
        var ds = ChangedDaemonSet("RollingUpdate", maxSurge: "1");
        h.With([.. NewNodes(1)]).With(ds).With(OldPods(ds, 1));
        await h.SyncAndObserveAsync(ds);
        var hash = h.Control.CreatedRevisions[0].Metadata.Labels["controller-revision-hash"];
        var ready = NewPod("new-0", "node-0", ds, hash: hash, ready: true);
        h.Informers.Pods.Cache.Unseed(h.Control.CreatedPods[0]);
        h.With(ready);

        await h.SyncAsync(ds);

        Assert.Equal(["old-0"], h.Control.DeletedPods);
    }

    [Fact]
    public async Task Sync_NewPodCrashesWithTheBudgetSpent_WritesTheConditionAndOneWarningEvent()
    {
        var (h, ds, _) = await CrashingRolloutAsync();
        using var _ = h;

        Assert.Empty(h.Control.DeletedPods);
        var condition = Assert.Single(h.Current(ds).Status.Conditions);
        Assert.Equal(("RolloutBlockedByNewPods", "True", "NewPodsNotAvailable"), (condition.Type, condition.Status, condition.Reason));
        Assert.Equal(
            ["Warning RolloutBlockedByNewPods rollout stalled: 1 new pod(s) do not become available: default/crashing on node-0 (CrashLoopBackOff)"],
            h.Recorder.WithReason("RolloutBlockedByNewPods"));
    }

    [Fact]
    public async Task Sync_StalledRolloutMakesAWrite_TheConditionStaysUntilTheWriteIsSeen()
    {
        var (h, ds, crashing) = await CrashingRolloutAsync();
        using var _ = h;
        Assert.Single(h.Current(ds).Status.Conditions);

        // The crashing pod vanishes: the sync creates its replacement and, with that create not yet seen, writes
        // the counters without judging the rollout.
        h.Informers.Pods.Cache.Unseed(crashing);
        var writesBefore = h.Control.StatusUpdates.Count;
        await h.SyncAsync(h.Current(ds));

        Assert.Single(h.Control.CreatedPods);
        Assert.True(h.Control.StatusUpdates.Count > writesBefore);
        var kept = Assert.Single(h.Control.StatusUpdates[^1].Status.Conditions);
        Assert.Equal(("RolloutBlockedByNewPods", "True"), (kept.Type, kept.Status));
    }

    [Fact]
    public async Task Sync_ThatDeletes_KeepsTheConditionEvenWhenItsDeleteIsSeenBeforeTheStatus()
    {
        using var h = new ControllerHarness();
        var ds = ChangedDaemonSet("RollingUpdate");
        ds.Status = new V1DaemonSetStatus
        {
            Conditions = [new V1DaemonSetCondition { Type = "RolloutBlockedByNodes", Status = "True", Reason = "NodesNotReady", Message = "rollout stalled" }],
        };
        var nodes = NewNodes(2);
        nodes[0].Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "Unknown" }] };
        nodes[1].Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] };
        var unavailable = NewPod("old-0", "node-0", ds, hash: "previous");
        h.With([.. nodes]).With(ds).With(unavailable, NewPod("old-1", "node-1", ds, hash: "previous", ready: true));

        // The informer sees the graceful delete begin before the sync reaches its status write.
        h.Control.DeletePodError = name =>
        {
            var terminating = ModelCopy.Clone(unavailable);
            terminating.Metadata.ResourceVersion = "2";
            terminating.Metadata.DeletionTimestamp = Now.UtcDateTime;
            h.Controller.OnPodUpdate(unavailable, terminating);
            return null;
        };
        await h.SyncAsync(ds);

        Assert.Equal(["old-0"], h.Control.DeletedPods);
        var kept = Assert.Single(h.Control.StatusUpdates[^1].Status.Conditions);
        Assert.Equal("RolloutBlockedByNodes", kept.Type);
    }

    [Fact]
    public async Task Sync_MaxSurge_WalksNodeByNodeUntilEveryOldPodIsReplaced()
    {
        using var h = new ControllerHarness();
        var ds = ChangedDaemonSet("RollingUpdate", maxSurge: "1");
        h.With([.. NewNodes(3)]).With(ds).With(OldPods(ds, 3));
        for (var step = 0; step < 12 && h.Control.DeletedPods.Count < 3; step++)
        {
            await h.SyncAndObserveAsync(h.Current(ds));

            // The kubelet: every new pod becomes ready.
            foreach (var pod in h.Informers.Pods.Cache.List().Where(p => p.Status?.Conditions is null).ToList())
            {
                var ready = ModelCopy.Clone(pod);
                ready.Spec.NodeName = DaemonPodNodeAffinity.GetTargetNodeName(pod);
                ready.Metadata.ResourceVersion = "2";
                ready.Metadata.CreationTimestamp = Now.UtcDateTime;
                ready.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = "True", LastTransitionTime = Now.UtcDateTime }] };
                h.Informers.Pods.Cache.Seed(ready);
                h.Controller.OnPodUpdate(pod, ready);
            }
        }

        Assert.Equal(["old-0", "old-1", "old-2"], h.Control.DeletedPods.Order());
        Assert.Equal(3, h.Control.CreatedPods.Count);
    }
}
