using Everynode.Controllers.GarbageCollector;
using static Everynode.Controllers.Tests.GarbageCollector.GcTestObjects;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>Which keys informer events put on the queue.</summary>
public sealed class GraphChangeHandlerTests : IDisposable
{
    private readonly GcHarness _gc = new();

    public void Dispose() => _gc.Dispose();

    [Fact]
    public void OwnerDeleted_QueuesEveryDependent()
    {
        var ds = _gc.SeedCacheOnly(DaemonSet("ds"));
        _gc.SeedCacheOnly(Pod("p1", RefTo(ds)));
        _gc.SeedCacheOnly(Revision("r1", RefTo(ds)));
        _gc.SeedCacheOnly(Pod("unrelated"));

        Handler(GcResourceType.DaemonSet).OnDelete(ds, finalStateUnknown: false);

        Assert.Equal(["delete:ControllerRevision:default/r1", "delete:Pod:default/p1"], _gc.Enqueued.Order());
    }

    [Fact]
    public void OwnerMarkedForForegroundDeletion_QueuesItselfAndItsDependents()
    {
        var before = _gc.SeedCacheOnly(DaemonSet("ds"));
        _gc.SeedCacheOnly(Pod("p1", RefTo(before)));
        var after = DaemonSet("ds", "foregroundDeletion");

        Handler(GcResourceType.DaemonSet).OnUpdate(before, after);

        Assert.Equal(["delete:DaemonSet:default/ds", "delete:Pod:default/p1"], _gc.Enqueued.Distinct().Order());
    }

    [Fact]
    public void OwnerMarkedForOrphanDeletion_QueuesTheOrphanKey()
    {
        Handler(GcResourceType.DaemonSet).OnUpdate(DaemonSet("ds"), DaemonSet("ds", "orphan"));

        Assert.Equal(["orphan:DaemonSet:default/ds"], _gc.Enqueued);
    }

    [Fact]
    public void DependentOfAForegroundOwnerGone_QueuesTheOwner()
    {
        var ds = _gc.SeedCacheOnly(DaemonSet("ds", "foregroundDeletion"));

        Handler(GcResourceType.Pod).OnDelete(Pod("p1", RefTo(ds)), finalStateUnknown: true);

        Assert.Equal(["delete:DaemonSet:default/ds"], _gc.Enqueued);
    }

    [Fact]
    public void ObjectWithoutOwnersAdded_QueuesNothing()
    {
        Handler(GcResourceType.Pod).OnAdd(Pod("p1"));

        Assert.Empty(_gc.Enqueued);
    }

    private GraphChangeHandler Handler(GcResourceType type) => new(type, _gc.Graph, _gc.Enqueued.Add);
}
