using System.Text;
using Everynode.Api.Resources;
using Everynode.ApiServer.WatchCache;
using Everynode.Storage;

namespace Everynode.ApiServer.Tests.WatchCache;

/// <summary>The ring of one resource's watch cache: order, the 410 window, cutting off a slow watcher, resets.</summary>
public sealed class ResourceWatchCacheTests
{
    private static readonly ResourceInfo Leases = ResourceRegistry.CreateDefault().Find("coordination.k8s.io", "v1", "leases")!;
    private readonly object _gate = new();
    private long _revision;

    private ResourceWatchCache NewCache(int capacity, long startRevision = 10)
    {
        var cache = new ResourceWatchCache(Leases, _gate, () => _revision, capacity);
        lock (_gate)
        {
            cache.Reset([], startRevision);
            _revision = startRevision;
        }

        return cache;
    }

    private void Put(ResourceWatchCache cache, string name, long revision, long createRevision)
    {
        var value = Encoding.UTF8.GetBytes($$$"""{"kind":"Lease","metadata":{"name":"{{{name}}}","namespace":"ns"}}""");
        lock (_gate)
        {
            cache.Apply(new WatchEvent(WatchEventType.Put, new KeyValue($"/registry/leases/ns/{name}", value, createRevision, revision), null));
            _revision = revision;
            cache.Signal();
        }
    }

    private static List<CachedEvent> ReadAll(ResourceWatchCache cache, ref WatchCursor cursor)
    {
        var events = new List<CachedEvent>();
        Assert.True(cache.Read(ref cursor, events, 1000, out _, out _));
        return events;
    }

    [Fact]
    public void Read_DeliversEveryEventAfterTheStartInRevisionOrder()
    {
        var cache = NewCache(capacity: 16);
        Put(cache, "a", 11, 11);
        Put(cache, "a", 12, 11);
        Put(cache, "b", 13, 13);
        var cursor = cache.Seek(11, out _)!.Value;

        var events = ReadAll(cache, ref cursor);

        Assert.Equal([12L, 13L], events.Select(e => e.Revision));
        Assert.Equal([CachedEventType.Modified, CachedEventType.Added], events.Select(e => e.Type));
        Assert.Equal(11, events[0].Previous!.ModRevision);
        Assert.Contains("\"resourceVersion\":\"12\"", Encoding.UTF8.GetString(events[0].Current.Json), StringComparison.Ordinal);
    }

    [Fact]
    public void Seek_OlderThanTheWindow_IsRefusedWithTheWindowStart()
    {
        var cache = NewCache(capacity: 2);
        Put(cache, "a", 11, 11);
        Put(cache, "b", 12, 12);
        Put(cache, "c", 13, 13);

        Assert.Null(cache.Seek(10, out var windowStart));
        Assert.Equal(11, windowStart);
        var cursor = cache.Seek(11, out _)!.Value;
        Assert.Equal([12L, 13L], ReadAll(cache, ref cursor).Select(e => e.Revision));
    }

    [Fact]
    public void Read_WatcherWhoseNextEventWasOverwritten_IsCutOff()
    {
        var cache = NewCache(capacity: 3);
        var cursor = cache.Seek(10, out _)!.Value;
        for (var rev = 11; rev <= 14; rev++)
        {
            Put(cache, "a", rev, 11);
        }

        Assert.False(cache.Read(ref cursor, [], 1000, out _, out _));
    }

    [Fact]
    public void Read_WatcherWithinTheRing_IsNotCutOffAndOthersAreUnaffected()
    {
        var cache = NewCache(capacity: 3);
        var slow = cache.Seek(10, out _)!.Value;
        var fast = slow;
        Put(cache, "a", 11, 11);
        Put(cache, "a", 12, 11);
        Assert.Equal(2, ReadAll(cache, ref fast).Count);
        Put(cache, "a", 13, 11);
        Put(cache, "a", 14, 11);

        Assert.False(cache.Read(ref slow, [], 1000, out _, out _));
        Assert.Equal([13L, 14L], ReadAll(cache, ref fast).Select(e => e.Revision));
    }

    [Fact]
    public void Reset_CutsOffEveryWatcher()
    {
        var cache = NewCache(capacity: 8);
        var cursor = cache.Seek(10, out _)!.Value;
        lock (_gate)
        {
            cache.Reset([], 20);
        }

        Assert.False(cache.Read(ref cursor, [], 1000, out _, out _));
        Assert.Null(cache.Seek(15, out var windowStart));
        Assert.Equal(20, windowStart);
    }

    [Fact]
    public async Task Read_WithNothingNew_WakesAtTheNextEventAndReportsTheRevisionReadUpTo()
    {
        var cache = NewCache(capacity: 8);
        var cursor = cache.Seek(10, out _)!.Value;
        Assert.True(cache.Read(ref cursor, [], 1000, out var wake, out var revision));
        Assert.Equal(10, revision);
        Assert.False(wake.IsCompleted);

        Put(cache, "a", 11, 11);

        await wake.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Single(ReadAll(cache, ref cursor));
    }

    [Fact]
    public void Snapshot_HoldsTheObjectsInKeyOrderAtTheCacheRevision()
    {
        var cache = NewCache(capacity: 8);
        Put(cache, "b", 11, 11);
        Put(cache, "a", 12, 12);
        lock (_gate)
        {
            cache.Apply(new WatchEvent(WatchEventType.Delete, new KeyValue("/registry/leases/ns/b", "{}"u8.ToArray(), 11, 13), null));
            _revision = 13;
        }

        var snapshot = cache.Snapshot();

        Assert.Equal(["/registry/leases/ns/a"], snapshot.Objects.Keys);
        Assert.Equal(13, snapshot.Revision);
    }
}
