using Everynode.Api.Models;
using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>Which events queue which DaemonSets, and how pod events settle expectations.</summary>
public sealed class DaemonSetControllerHandlerTests
{
    private static (ControllerHarness H, V1DaemonSet Blue, V1DaemonSet Any) TwoDaemonSets()
    {
        var h = new ControllerHarness();
        var blue = NewDaemonSet("blue");
        blue.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" };
        var any = NewDaemonSet("any");
        h.With(blue).With(any);
        return (h, blue, any);
    }

    private static V1Node WithChanges(V1Node node, Action<V1Node> change)
    {
        var copy = ModelCopy.Clone(node);
        change(copy);
        return copy;
    }

    [Fact]
    public async Task NodeStatusOnlyUpdate_QueuesNothing()
    {
        var (h, _, _) = TwoDaemonSets();
        using var _ = h;
        var node = NewNode("n");
        var heartbeat = WithChanges(node, n => n.Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "True" }] });

        h.Controller.OnNodeUpdate(node, heartbeat);

        Assert.Empty(await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task NodeLabelChange_QueuesOnlyDaemonSetsWhoseEligibilityChanged()
    {
        var (h, _, _) = TwoDaemonSets();
        using var _ = h;
        var node = NewNode("n");
        var blue = WithChanges(node, n => n.Metadata.Labels["color"] = "blue");

        h.Controller.OnNodeUpdate(node, blue);
        Assert.Equal(["default/blue"], await h.QueuedKeysAsync());

        h.Controller.OnNodeUpdate(blue, WithChanges(blue, n => n.Metadata.Labels["unrelated"] = "x"));
        Assert.Empty(await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task NodeTaintedNoExecute_QueuesEveryDaemonSetThatNoLongerRunsThere()
    {
        var (h, _, _) = TwoDaemonSets();
        using var _ = h;
        var node = NewNode("n");

        h.Controller.OnNodeUpdate(node, WithChanges(node, n => n.Spec.Taints = [Taint("evict", "NoExecute")]));

        Assert.Equal(["default/any"], await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task NodeAdded_QueuesDaemonSetsThatShouldRunThere()
    {
        var (h, _, _) = TwoDaemonSets();
        using var _ = h;

        h.Controller.OnNodeAdd(NewNode("n"));

        Assert.Equal(["default/any"], await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task OwnedPodAdded_ObservesCreationAndQueuesItsDaemonSet()
    {
        var (h, _, any) = TwoDaemonSets();
        using var _ = h;
        h.With(NewNode("n"));
        await h.SyncAsync(any);
        await h.QueuedKeysAsync();

        h.Controller.OnPodAdd(h.Control.CreatedPods[0]);

        Assert.True(h.Controller.ExpectationsFor("default/any")!.Fulfilled);
        Assert.Equal(["default/any"], await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task OrphanPodAdded_QueuesEveryDaemonSetWhoseSelectorMatches()
    {
        var (h, blue, _) = TwoDaemonSets();
        using var _ = h;
        var orphan = NewPod("orphan", "n", blue);
        orphan.Metadata.OwnerReferences = null;

        h.Controller.OnPodAdd(orphan);

        Assert.Equal(["default/blue"], await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task PodOfAnotherController_QueuesNothing()
    {
        var (h, blue, _) = TwoDaemonSets();
        using var _ = h;
        var pod = NewPod("rs-pod", "n", blue);
        pod.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "rs", Uid = "rs-uid", Controller = true }];

        h.Controller.OnPodAdd(pod);

        Assert.Empty(await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task GracefulPodDelete_CountsItsStartAndItsEndButNotTheUpdatesBetween()
    {
        var (h, _, any) = TwoDaemonSets();
        using var _ = h;
        var duplicate = NewPod("d1", "n1", any, ageSeconds: 1);
        duplicate.Metadata.ResourceVersion = "1";
        h.With(NewNode("n1"), NewNode("n2"))
            .With(duplicate, NewPod("d2", "n1", any, ageSeconds: 2), NewPod("d3", "n2", any, ageSeconds: 1), NewPod("d4", "n2", any, ageSeconds: 2));
        await h.SyncAsync(any);
        Assert.Equal(2, h.Controller.ExpectationsFor("default/any")!.Delete);
        var terminating = ModelCopy.Clone(duplicate);
        terminating.Metadata.ResourceVersion = "2";
        terminating.Metadata.DeletionTimestamp = T0;
        var statusChange = ModelCopy.Clone(terminating);
        statusChange.Metadata.ResourceVersion = "3";

        h.Controller.OnPodUpdate(duplicate, terminating);
        h.Controller.OnPodUpdate(terminating, statusChange);
        Assert.Equal(1, h.Controller.ExpectationsFor("default/any")!.Delete);
        h.Controller.OnPodDelete(statusChange);

        // As upstream: the final delete counts as well, so a deletion whose start was never seen is not lost.
        Assert.Equal(0, h.Controller.ExpectationsFor("default/any")!.Delete);
    }

    [Fact]
    public async Task PodDeleteWhoseStartWasNeverSeen_IsObserved()
    {
        var (h, _, any) = TwoDaemonSets();
        using var _ = h;
        h.With(NewNode("n1"))
            .With(NewPod("d1", "n1", any, ageSeconds: 1), NewPod("d2", "n1", any, ageSeconds: 2));
        await h.SyncAsync(any);
        Assert.Equal(1, h.Controller.ExpectationsFor("default/any")!.Delete);
        var deleted = h.Control.DeletedPods.Single();
        var lastState = ModelCopy.Clone(h.Informers.Pods.Cache.List().Single(p => p.Metadata.Name == deleted));
        lastState.Metadata.DeletionTimestamp = T0;

        h.Controller.OnPodDelete(lastState);

        Assert.Equal(0, h.Controller.ExpectationsFor("default/any")!.Delete);
    }

    [Fact]
    public async Task DaemonPodMarkedUnschedulable_RecordsFailedPlacementOnce()
    {
        var (h, _, any) = TwoDaemonSets();
        using var _ = h;
        var pod = DaemonPodTemplate.NewDaemonPod(any, "node-7", "h", 1);
        pod.Metadata.Name = "any-x";
        pod.Metadata.ResourceVersion = "1";
        var unschedulable = ModelCopy.Clone(pod);
        unschedulable.Metadata.ResourceVersion = "2";
        unschedulable.Status = new V1PodStatus
        {
            Phase = "Pending",
            Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/1 nodes are available: 1 Insufficient cpu." }],
        };
        var again = ModelCopy.Clone(unschedulable);
        again.Metadata.ResourceVersion = "3";

        h.Controller.OnPodUpdate(pod, unschedulable);
        h.Controller.OnPodUpdate(unschedulable, again);

        Assert.Equal(
            ["Warning FailedPlacement failed to place pod on \"node-7\": 0/1 nodes are available: 1 Insufficient cpu."],
            h.Recorder.Events);
        Assert.Equal(["default/any"], await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task OwnedRevisionAdded_QueuesNothing_DeletedQueuesOwner()
    {
        var (h, _, any) = TwoDaemonSets();
        using var _ = h;
        var revision = DaemonSetHistory.NewControllerRevision(any, 1);

        h.Controller.OnRevisionAdd(revision);
        Assert.Empty(await h.QueuedKeysAsync());

        h.Controller.OnRevisionDelete(revision);
        Assert.Equal(["default/any"], await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task DaemonSetRecreatedUnderSameName_DropsExpectations()
    {
        var (h, _, any) = TwoDaemonSets();
        using var _ = h;
        h.With(NewNode("n"));
        await h.SyncAsync(any);
        Assert.NotNull(h.Controller.ExpectationsFor("default/any"));
        var recreated = ModelCopy.Clone(any);
        recreated.Metadata.Uid = "new-uid";

        h.Controller.OnDaemonSetUpdate(any, recreated);

        Assert.Null(h.Controller.ExpectationsFor("default/any"));
        Assert.Equal(["default/any"], await h.QueuedKeysAsync());
    }
}
