using static Everynode.Controllers.Tests.GarbageCollector.GcTestObjects;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>Foreground and orphan propagation over seeded caches.</summary>
public sealed class GarbageCollectorPropagationTests : IDisposable
{
    private readonly GcHarness _gc = new();

    public void Dispose() => _gc.Dispose();

    [Fact]
    public async Task Foreground_DependentWithoutDependents_IsDeletedInTheBackground()
    {
        var ds = _gc.Seed(DaemonSet("ds", "foregroundDeletion"));
        var pod = _gc.Seed(Pod("p1", RefTo(ds)));

        await _gc.SyncAsync(pod);

        Assert.Equal(["delete Pod default/p1 Background"], _gc.Control.Writes);
    }

    [Fact]
    public async Task Foreground_DependentWithDependentsOfItsOwn_IsDeletedInTheForeground()
    {
        var ds = _gc.Seed(DaemonSet("ds", "foregroundDeletion"));
        var revision = _gc.Seed(Revision("r1", RefTo(ds)));
        _gc.Seed(Pod("p1", new k8s.Models.V1OwnerReference
        {
            ApiVersion = "apps/v1", Kind = "ControllerRevision", Name = "r1", Uid = revision.Metadata.Uid, BlockOwnerDeletion = true,
        }));

        await _gc.SyncAsync(revision);

        Assert.Equal(["delete ControllerRevision default/r1 Foreground"], _gc.Control.Writes);
    }

    [Fact]
    public async Task Foreground_DependentWithAnotherLiveOwner_LosesOnlyTheWaitingReference()
    {
        var waiting = _gc.Seed(DaemonSet("ds", "foregroundDeletion"));
        var live = _gc.Seed(DaemonSet("other"));
        var pod = _gc.Seed(Pod("p1", RefTo(waiting), RefTo(live, block: false)));

        await _gc.SyncAsync(pod);

        Assert.Equal(
            ["""patch Pod default/p1 StrategicMergePatch {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"ds-uid"}],"uid":"p1-uid"}}"""],
            _gc.Control.Writes);
    }

    [Fact]
    public async Task Foreground_NoBlockingDependentLeft_RemovesTheFinalizerAtTheReadVersion()
    {
        var ds = _gc.Seed(DaemonSet("ds", "foregroundDeletion", "example.com/keep"));
        _gc.Seed(Pod("p1", RefTo(ds, block: false)));

        await _gc.SyncAsync(ds);

        Assert.Equal(
            ["""patch DaemonSet default/ds MergePatch {"metadata":{"resourceVersion":"7","finalizers":["example.com/keep"]}}"""],
            _gc.Control.Writes);
    }

    [Fact]
    public async Task Foreground_BlockingDependentLeft_KeepsTheFinalizerAndQueuesTheDependent()
    {
        var ds = _gc.Seed(DaemonSet("ds", "foregroundDeletion"));
        _gc.Seed(Revision("r1", RefTo(ds)));

        await _gc.SyncAsync(ds);

        Assert.Empty(_gc.Control.Writes);
        Assert.Equal(["delete:ControllerRevision:default/r1"], _gc.Enqueued);
    }

    [Fact]
    public async Task Foreground_OnlyTerminatingPodsLeft_RemovesTheFinalizer()
    {
        var ds = _gc.Seed(DaemonSet("ds", "foregroundDeletion"));
        _gc.Seed(Terminating(Pod("p1", RefTo(ds))));

        await _gc.SyncAsync(ds);

        Assert.Equal(
            ["""patch DaemonSet default/ds MergePatch {"metadata":{"resourceVersion":"7","finalizers":[]}}"""],
            _gc.Control.Writes);
    }

    [Fact]
    public async Task Foreground_TerminatingRevisionWithAFinalizer_StillBlocks()
    {
        var ds = _gc.Seed(DaemonSet("ds", "foregroundDeletion"));
        var revision = Terminating(Revision("r1", RefTo(ds)));
        revision.Metadata.Finalizers = ["example.com/hold"];
        _gc.Seed(revision);

        await _gc.SyncAsync(ds);

        Assert.Empty(_gc.Control.Writes);
    }

    [Fact]
    public async Task Orphan_StripsTheReferenceFromEveryDependentThenRemovesTheFinalizer()
    {
        var ds = _gc.Seed(DaemonSet("ds", "orphan"));
        _gc.Seed(Pod("p1", RefTo(ds)));
        _gc.Seed(Revision("r1", RefTo(ds)));

        await _gc.OrphanAsync(ds);

        Assert.Equal(3, _gc.Control.Writes.Count);
        Assert.Contains("""patch Pod default/p1 StrategicMergePatch {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"ds-uid"}],"uid":"p1-uid"}}""", _gc.Control.Writes);
        Assert.Contains("""patch ControllerRevision default/r1 StrategicMergePatch {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"ds-uid"}],"uid":"r1-uid"}}""", _gc.Control.Writes);
        Assert.Equal("""patch DaemonSet default/ds MergePatch {"metadata":{"resourceVersion":"7","finalizers":[]}}""", _gc.Control.Writes[^1]);
    }

    [Fact]
    public async Task Orphan_OwnerNotMarkedForDeletion_DoesNothing()
    {
        var ds = _gc.Seed(DaemonSet("ds"));
        _gc.Seed(Pod("p1", RefTo(ds)));

        await _gc.OrphanAsync(ds);

        Assert.Empty(_gc.Control.Writes);
    }
}
