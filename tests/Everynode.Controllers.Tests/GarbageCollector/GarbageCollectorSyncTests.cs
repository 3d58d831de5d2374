using static Everynode.Controllers.Tests.GarbageCollector.GcTestObjects;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>attemptToDelete and attemptToOrphan over seeded caches; the exact writes are asserted.</summary>
public sealed class GarbageCollectorSyncTests : IDisposable
{
    private readonly GcHarness _gc = new();

    public void Dispose() => _gc.Dispose();

    [Fact]
    public async Task Sync_OwnerGone_DeletesDependentInTheBackground()
    {
        var ds = DaemonSet("ds");
        var pod = _gc.Seed(Pod("p1", RefTo(ds)));

        await _gc.SyncAsync(pod);

        Assert.Equal(["delete Pod default/p1 Background"], _gc.Control.Writes);
        Assert.Contains("DaemonSet default/ds", _gc.Control.Reads);
    }

    [Fact]
    public async Task Sync_OwnerInCache_NeitherReadsNorWrites()
    {
        var ds = _gc.Seed(DaemonSet("ds"));
        var pod = _gc.Seed(Pod("p1", RefTo(ds)));

        await _gc.SyncAsync(pod);

        Assert.Empty(_gc.Control.Writes);
        Assert.Empty(_gc.Control.Reads);
    }

    [Fact]
    public async Task Sync_OwnerNotYetInCacheButLive_KeepsDependent()
    {
        var ds = DaemonSet("ds");
        _gc.Control.SetLive(GcHarness.TypeOf(ds), ds.Metadata);
        var pod = _gc.Seed(Pod("p1", RefTo(ds)));

        await _gc.SyncAsync(pod);

        Assert.Empty(_gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_OwnerRecreatedUnderTheSameNameWithAnotherUid_DeletesDependent()
    {
        var old = DaemonSet("ds");
        var recreated = DaemonSet("ds");
        recreated.Metadata.Uid = "other-uid";
        _gc.Seed(recreated);
        var pod = _gc.Seed(Pod("p1", RefTo(old)));

        await _gc.SyncAsync(pod);

        Assert.Equal(["delete Pod default/p1 Background"], _gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_DependentGoneLive_DoesNothing()
    {
        var pod = _gc.SeedCacheOnly(Pod("p1", RefTo(DaemonSet("ds"))));

        await _gc.SyncAsync(pod);

        Assert.Empty(_gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_LiveDependentNoLongerReferencesTheAbsentOwner_DoesNothing()
    {
        var live = _gc.Seed(DaemonSet("live"));
        var cached = _gc.SeedCacheOnly(Pod("p1", RefTo(DaemonSet("gone")), RefTo(live, block: false)));
        _gc.Control.SetLive(GcHarness.TypeOf(cached), Pod("p1", RefTo(live, block: false)).Metadata);

        await _gc.SyncAsync(cached);

        Assert.Empty(_gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_AnotherOwnerStillLive_RemovesOnlyTheReferenceToTheAbsentOwner()
    {
        var live = _gc.Seed(DaemonSet("live"));
        var pod = _gc.Seed(Pod("p1", RefTo(DaemonSet("gone")), RefTo(live, block: false)));

        await _gc.SyncAsync(pod);

        Assert.Equal(
            ["""patch Pod default/p1 StrategicMergePatch {"metadata":{"ownerReferences":[{"$patch":"delete","uid":"gone-uid"}],"uid":"p1-uid"}}"""],
            _gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_OwnerInAnotherNamespace_CountsAsAbsent()
    {
        var ds = DaemonSet("ds");
        ds.Metadata.NamespaceProperty = "elsewhere";
        _gc.Seed(ds);
        var pod = _gc.Seed(Pod("p1", RefTo(ds)));

        await _gc.SyncAsync(pod);

        Assert.Equal(["delete Pod default/p1 Background"], _gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_OwnerOfAKindNotServedHere_KeepsDependent()
    {
        var pod = _gc.Seed(Pod("p1", new k8s.Models.V1OwnerReference { ApiVersion = "apps/v1", Kind = "StatefulSet", Name = "sts", Uid = "sts-uid" }));

        await _gc.SyncAsync(pod);

        Assert.Empty(_gc.Control.Writes);
    }

    [Fact]
    public async Task Sync_ManyDependentsOfOneAbsentOwner_ReadTheOwnerOnce()
    {
        var ds = DaemonSet("ds");
        var pods = Enumerable.Range(0, 5).Select(i => _gc.Seed(Pod($"p{i}", RefTo(ds)))).ToList();

        foreach (var pod in pods)
        {
            await _gc.SyncAsync(pod);
        }

        Assert.Single(_gc.Control.Reads, r => r == "DaemonSet default/ds");
        Assert.Equal(5, _gc.Control.Writes.Count);
    }

    [Fact]
    public async Task Sync_DependentAlreadyTerminating_IsLeftAlone()
    {
        var pod = _gc.Seed(Terminating(Pod("p1", RefTo(DaemonSet("ds")))));

        await _gc.SyncAsync(pod);

        Assert.Empty(_gc.Control.Writes);
        Assert.Empty(_gc.Control.Reads);
    }

    [Fact]
    public async Task Sync_DependentWithItsOwnOrphanFinalizer_IsDeletedWithOrphanPolicy()
    {
        var pod = Pod("p1", RefTo(DaemonSet("ds")));
        pod.Metadata.Finalizers = ["orphan"];
        _gc.Seed(pod);

        await _gc.SyncAsync(pod);

        Assert.Equal(["delete Pod default/p1 Orphan"], _gc.Control.Writes);
    }
}
