using System.Net;
using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>Slow start, failures, history and the DaemonSets the controller must leave alone.</summary>
public sealed class DaemonSetControllerEdgeTests
{
    [Fact]
    public async Task Sync_SlowStartBatchFails_StopsFurtherBatchesAndLowersExpectations()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With([.. NewNodes(10)]).With(ds);
        var calls = 0;
        h.Control.CreatePodError = _ => Interlocked.Increment(ref calls) > 1
            ? FakeDaemonSetControl.ApiError(HttpStatusCode.Forbidden, "Forbidden", "exceeded quota")
            : null;

        await Assert.ThrowsAnyAsync<Exception>(() => h.SyncAsync(ds));

        Assert.Equal(3, h.Control.CreatePodCalls); // batch of 1 succeeds, batch of 2 fails, batches of 4 and 3 never start
        Assert.Single(h.Control.CreatedPods);
        Assert.Equal(["Warning FailedCreate Error creating: exceeded quota", "Warning FailedCreate Error creating: exceeded quota"], h.Recorder.WithReason("FailedCreate"));
        Assert.Equal(1, h.Controller.ExpectationsFor("default/foo")!.Add); // only the successful create is awaited
        Assert.Single(h.Control.StatusUpdates); // status is still written
    }

    [Fact]
    public async Task Sync_BurstReplicas_CapsCreatesPerSync()
    {
        using var h = new ControllerHarness(new DaemonSetControllerOptions { BurstReplicas = 4 });
        var ds = NewDaemonSet();
        h.With([.. NewNodes(10)]).With(ds);

        await h.SyncAndObserveAsync(ds);
        Assert.Equal(4, h.Control.CreatedPods.Count);
        await h.SyncAndObserveAsync(h.Current(ds));
        await h.SyncAndObserveAsync(h.Current(ds));

        Assert.Equal(10, h.Control.CreatedPods.Count);
        Assert.Equal(10, h.Control.CreatedPods.Select(DaemonPodNodeAffinity.GetTargetNodeName).Distinct().Count());
    }

    [Fact]
    public async Task Sync_NamespaceTerminating_NoEventNoError()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With(NewNode("node-0")).With(ds);
        h.Control.CreatePodError = _ => FakeDaemonSetControl.ApiError(
            HttpStatusCode.Forbidden, "Forbidden", "namespace default is being terminated", "NamespaceTerminating");

        await h.SyncAsync(ds);

        Assert.Empty(h.Recorder.WithReason("FailedCreate"));
    }

    [Fact]
    public async Task Sync_ExpectationsExpire_AfterFiveMinutes()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With(NewNode("node-0")).With(ds);
        await h.SyncAsync(ds);
        h.Informers.ControllerRevisions.Cache.Seed(h.Control.CreatedRevisions[0]);

        h.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));
        await h.SyncAsync(ds); // the pod event was lost: stop waiting and create again

        Assert.Equal(2, h.Control.CreatePodCalls);
    }

    [Fact]
    public async Task Sync_ExpectationsUnsatisfied_LooksAgainWhenTheyExpire()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With(NewNode("node-0")).With(ds);
        await h.SyncAsync(ds);
        h.Informers.ControllerRevisions.Cache.Seed(h.Control.CreatedRevisions[0]);
        h.Time.Advance(TimeSpan.FromMinutes(1));
        await h.SyncAsync(ds); // the create is not observed: this sync waits
        await h.QueuedKeysAsync();

        h.Time.Advance(TimeSpan.FromMinutes(3));
        Assert.Empty(await h.QueuedKeysAsync());
        h.Time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(2));

        Assert.Equal(["default/foo"], await h.QueuedKeysAsync());
    }

    [Fact]
    public async Task Sync_DaemonSetGone_DropsExpectations()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With(NewNode("node-0")).With(ds);
        await h.SyncAsync(ds);
        Assert.NotNull(h.Controller.ExpectationsFor("default/foo"));

        h.Informers.DaemonSets.Cache.Unseed(ds);
        await h.SyncAsync(ds);

        Assert.Null(h.Controller.ExpectationsFor("default/foo"));
    }

    [Fact]
    public async Task Sync_EmptySelector_RecordsSelectingAllAndDoesNothing()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        ds.Spec.Selector = new V1LabelSelector();
        h.With(NewNode("node-0")).With(ds);

        await h.SyncAsync(ds);

        Assert.Equal(["Warning SelectingAll This daemon set is selecting all pods. A non-empty selector is required."], h.Recorder.Events);
        Assert.Empty(h.Control.CreatedPods);
        Assert.Empty(h.Control.CreatedRevisions);
        Assert.Empty(h.Control.StatusUpdates);
    }

    [Fact]
    public async Task Sync_DaemonSetBeingDeleted_WritesNothing()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        ds.Metadata.DeletionTimestamp = T0;
        h.With(NewNode("node-0")).With(ds);

        await h.SyncAsync(ds);

        Assert.Empty(h.Control.CreatedPods);
        Assert.Empty(h.Control.CreatedRevisions);
        Assert.Empty(h.Control.StatusUpdates);
    }

    [Fact]
    public async Task Sync_OrphanPodMatchingSelector_IsAdoptedAndKept()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        var orphan = NewPod("orphan", "node-0", ds);
        orphan.Metadata.OwnerReferences = null;
        h.With(NewNode("node-0")).With(ds).With(orphan);

        await h.SyncAsync(ds);

        var patch = Assert.Single(h.Control.PodPatches);
        Assert.Equal("orphan", patch.Name);
        Assert.True(patch.Strategic);
        Assert.Contains("\"uid\":\"foo-uid\",\"controller\":true", patch.Patch, StringComparison.Ordinal);
        Assert.Empty(h.Control.CreatedPods);
    }

    [Fact]
    public async Task Sync_OwnedPodNoLongerSelected_IsReleased()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        var pod = NewPod("relabelled", "node-0", ds);
        pod.Metadata.Labels["name"] = "other";
        h.With(NewNode("node-0")).With(ds).With(pod);

        await h.SyncAsync(ds);

        Assert.Contains("\"$patch\":\"delete\"", Assert.Single(h.Control.PodPatches).Patch, StringComparison.Ordinal);
        Assert.Single(h.Control.CreatedPods); // the node has no daemon pod any more
    }

    [Fact]
    public async Task Sync_RevisionNameTakenByAnotherTemplate_BumpsCollisionCount()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With(NewNode("node-0")).With(ds);
        var squatter = DaemonSetHistory.NewControllerRevision(ds, 1);
        var other = NewDaemonSet();
        other.Spec.Template.Spec.Containers[0].Image = "other";
        squatter.Data = DaemonSetHistory.NewControllerRevision(other, 1).Data;
        h.Control.ExistingRevisions[squatter.Metadata.Name] = squatter;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => h.SyncAsync(ds));

        Assert.Contains("found a hash collision for DaemonSet \"foo\" - bumping collisionCount to 1", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, Assert.Single(h.Control.StatusUpdates).Status.CollisionCount);
        Assert.Empty(h.Control.CreatedPods);
    }

    [Fact]
    public async Task Sync_RevisionAlreadyExistsWithSameTemplate_IsUsed()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        h.With(NewNode("node-0")).With(ds);
        var existing = DaemonSetHistory.NewControllerRevision(ds, 1);
        h.Control.ExistingRevisions[existing.Metadata.Name] = existing;

        await h.SyncAsync(ds);

        Assert.Equal(existing.Metadata.Labels[DaemonSetLabels.ControllerRevisionHash], h.Control.CreatedPods[0].Metadata.Labels[DaemonSetLabels.ControllerRevisionHash]);
    }

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public async Task Sync_TemplateChanged_OnDeleteLeavesOldPodsRollingUpdateReplacesTheUnavailableOnes(string strategy)
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet(strategy: strategy);
        h.With([.. NewNodes(2)]).With(ds);
        await h.SyncAndObserveAsync(ds);
        await h.SyncAndObserveAsync(h.Current(ds));

        var changed = h.Current(ds);
        changed.Spec.Template.Spec.Containers[0].Image = "foo/bar:v2";
        changed.Metadata.Generation = 2;
        changed.Metadata.Annotations["deprecated.daemonset.template.generation"] = "2";
        h.With(changed);
        await h.SyncAndObserveAsync(changed);

        Assert.Equal(2, h.Control.CreatedRevisions.Count);
        Assert.Equal(2, h.Control.CreatedRevisions[1].Revision);

        // The pods never became ready: an unavailable old pod costs nothing to replace.
        Assert.Equal(strategy == "OnDelete" ? 0 : 2, h.Control.DeletedPods.Count);
        var status = h.Current(ds).Status;
        Assert.Equal((2, 2, 0, 2L), (status.DesiredNumberScheduled, status.CurrentNumberScheduled, status.UpdatedNumberScheduled ?? 0, status.ObservedGeneration ?? 0));
    }

    [Fact]
    public async Task Sync_StatusConflict_RetriesOnceOnAFreshRead()
    {
        using var h = new ControllerHarness();
        var ds = NewDaemonSet();
        ds.Status.Conditions = [new V1DaemonSetCondition { Type = "StatusUpdate", Status = "True" }];
        h.With(NewNode("node-0")).With(ds);
        h.Control.StatusUpdateErrors.Enqueue(FakeDaemonSetControl.ApiError(HttpStatusCode.Conflict, "Conflict", "the object has been modified"));

        await h.SyncAsync(ds);

        var written = Assert.Single(h.Control.StatusUpdates);
        Assert.Equal(1, written.Status.DesiredNumberScheduled);
        Assert.Equal("StatusUpdate", Assert.Single(written.Status.Conditions).Type);
    }
}
