using System.Text;
using Everynode.Api.Resources;
using Everynode.Api.Selectors;
using Everynode.ApiServer.Admission;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.WatchCache;
using Everynode.Storage.InMemory;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.ApiServer.Tests.WatchCache;

/// <summary>
/// Lists and watches through the registry with a watch cache in front of an in-memory store: consistent lists at a
/// revision, paging, selectors, event order, bookmarks, the 410 window and a slow watcher cut off.
/// </summary>
public sealed class WatchCacheRegistryTests : IAsyncLifetime, IAsyncDisposable
{
    private const int Capacity = 8;
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(200);
    private readonly InMemoryStore _store = new();
    private readonly ResourceRegistry _resources = ResourceRegistry.CreateDefault();
    private WatchCacheSet? _cache;
    private NamespaceLifecycle? _namespaces;
    private GenericRegistry? _registry;
    private bool _disposed;

    private ResourceInfo Leases => _resources.Find("coordination.k8s.io", "v1", "leases")!;

    private GenericRegistry Registry => _registry!;

    public async Task InitializeAsync()
    {
        await PutAsync("ns", "existing", "x");
        _cache = new WatchCacheSet(_store, _resources, Capacity, NullLogger.Instance, () => throw new InvalidOperationException("the watch cache feed failed"));
        _namespaces = new NamespaceLifecycle(_cache, _resources);
        await _cache.StartAsync(CancellationToken.None);
        _registry = new GenericRegistry(_store, _resources, _namespaces, TimeProvider.System, _cache);
    }

    public async Task DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_cache is not null)
        {
            await _cache.DisposeAsync();
        }

        await _store.DisposeAsync();
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    private async Task<long> PutAsync(string ns, string name, string holder)
    {
        var key = $"/registry/leases/{ns}/{name}";
        var value = Encoding.UTF8.GetBytes(
            $$$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"{{{name}}}","namespace":"{{{ns}}}","labels":{"holder":"{{{holder}}}"}},"spec":{"holderIdentity":"{{{holder}}}"}}""");
        var existing = await _store.GetAsync(key, 0, CancellationToken.None);
        return existing is null
            ? await _store.CreateAsync(key, value, CancellationToken.None)
            : await _store.UpdateAsync(key, value, existing.ModRevision, CancellationToken.None);
    }

    private string Names(ListPage page) =>
        string.Join(",", page.Items.Select(kv => GenericRegistry.Decode(Leases, kv).Metadata.Name));

    private static async Task<List<WatchOutput>> TakeAsync(IAsyncEnumerator<WatchOutput> watch, int count)
    {
        var taken = new List<WatchOutput>();
        while (taken.Count < count)
        {
            Assert.True(await watch.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)), "the watch ended");
            taken.Add(watch.Current);
        }

        return taken;
    }

    private static string Rv(WatchOutput output) =>
        System.Text.Json.JsonDocument.Parse(output.Object).RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()!;

    [Fact]
    public async Task List_WithoutResourceVersion_IsConsistentWithTheStore()
    {
        var last = await PutAsync("ns", "b", "x");

        var page = await Registry.ListAsync(Leases, "ns", new ListRequest(), CancellationToken.None);

        Assert.Equal(last, page.Revision);
        Assert.Equal("b,existing", Names(page));
        Assert.NotNull(page.Rendered);
        Assert.Contains($"\"resourceVersion\":\"{last}\"", Encoding.UTF8.GetString(page.Json(0)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_WithLimit_ContinuesAtTheFirstPagesRevision()
    {
        await PutAsync("ns", "a", "x");
        await PutAsync("ns", "c", "x");

        var first = await Registry.ListAsync(Leases, "ns", new ListRequest { Limit = 2 }, CancellationToken.None);
        await PutAsync("ns", "d", "x");
        var second = await Registry.ListAsync(Leases, "ns", new ListRequest { Continue = first.Continue }, CancellationToken.None);

        Assert.Equal("a,c", Names(first));
        Assert.Equal(1, first.RemainingItemCount);
        Assert.Equal("existing", Names(second));
        Assert.Equal(first.Revision, second.Revision);
        Assert.Null(second.Continue);
    }

    [Fact]
    public async Task List_WithSelectors_FiltersFromTheCache()
    {
        await PutAsync("ns", "a", "y");
        await PutAsync("other", "z", "y");

        var page = await Registry.ListAsync(Leases, null, new ListRequest { LabelSelector = LabelSelector.Parse("holder=y") }, CancellationToken.None);

        Assert.Equal("a,z", Names(page));
        Assert.Null(page.RemainingItemCount);
    }

    [Fact]
    public async Task List_NotOlderThanAFutureRevision_IsRefused()
    {
        var current = await _store.GetCurrentRevisionAsync(CancellationToken.None);

        var e = await Assert.ThrowsAsync<Http.ApiException>(() =>
            Registry.ListAsync(Leases, "ns", new ListRequest { ResourceVersion = (current + 5).ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None));

        Assert.Equal(504, e.Code);
    }

    [Fact]
    public async Task Watch_FromAResourceVersion_DeliversTheLaterEventsInOrder()
    {
        var from = await PutAsync("ns", "a", "x");
        var revisions = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            revisions.Add(await PutAsync("ns", i % 2 == 0 ? "a" : "b", $"h{i}"));
        }

        await using var watch = Registry.WatchAsync(Leases, "ns", new ListRequest { ResourceVersion = $"{from}" }, Quiet, CancellationToken.None).GetAsyncEnumerator();
        var events = await TakeAsync(watch, 4);

        Assert.Equal(["MODIFIED", "ADDED", "MODIFIED", "MODIFIED"], events.Select(e => e.Type));
        Assert.Equal(revisions.Select(r => $"{r}"), events.Select(Rv));
    }

    [Fact]
    public async Task Watch_WithBookmarks_SendsTheCacheRevisionWhenQuiet()
    {
        var from = await PutAsync("ns", "a", "x");
        await using var watch = Registry.WatchAsync(
            Leases, "ns", new ListRequest { ResourceVersion = $"{from}", AllowWatchBookmarks = true }, Quiet, CancellationToken.None).GetAsyncEnumerator();
        var later = await PutAsync("other", "b", "x");

        var bookmark = (await TakeAsync(watch, 1))[0];

        Assert.Equal("BOOKMARK", bookmark.Type);
        Assert.Equal($"{later}", Rv(bookmark));
    }

    [Fact]
    public async Task Watch_FromARevisionOlderThanTheWindow_IsExpired()
    {
        var from = await PutAsync("ns", "a", "x");
        for (var i = 0; i < Capacity + 1; i++)
        {
            await PutAsync("ns", "a", $"h{i}");
        }

        await _cache!.WaitForRevisionAsync(await _store.GetCurrentRevisionAsync(CancellationToken.None), TimeSpan.FromSeconds(10), CancellationToken.None);
        await using var watch = Registry.WatchAsync(Leases, "ns", new ListRequest { ResourceVersion = $"{from}" }, Quiet, CancellationToken.None).GetAsyncEnumerator();
        var error = (await TakeAsync(watch, 1))[0];

        Assert.Equal("ERROR", error.Type);
        var status = System.Text.Json.JsonDocument.Parse(error.Object).RootElement;
        Assert.Equal(410, status.GetProperty("code").GetInt32());
        Assert.StartsWith($"too old resource version: {from} (", status.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(await watch.MoveNextAsync());
    }

    [Fact]
    public async Task Watch_SlowWatcher_IsCutOffWithoutHoldingUpOthers_AndMustRelist()
    {
        var from = await PutAsync("ns", "a", "x");
        await using var slow = Registry.WatchAsync(Leases, "ns", new ListRequest { ResourceVersion = $"{from}" }, Quiet, CancellationToken.None).GetAsyncEnumerator();
        await PutAsync("ns", "a", "first");
        var firstEvent = (await TakeAsync(slow, 1))[0];

        // The slow watcher reads nothing while twice what the ring holds is written; a watcher that keeps up sees all.
        await using var fast = Registry.WatchAsync(Leases, "ns", new ListRequest { ResourceVersion = Rv(firstEvent) }, Quiet, CancellationToken.None).GetAsyncEnumerator();
        for (var i = 0; i < Capacity * 2; i++)
        {
            var written = await PutAsync("ns", "a", $"h{i}");
            Assert.Equal($"{written}", Rv((await TakeAsync(fast, 1))[0]));
        }

        Assert.False(await slow.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));

        // Re-watching from what it saw is too old now: the client has to list again.
        await using var again = Registry.WatchAsync(Leases, "ns", new ListRequest { ResourceVersion = Rv(firstEvent) }, Quiet, CancellationToken.None).GetAsyncEnumerator();
        Assert.Equal("ERROR", (await TakeAsync(again, 1))[0].Type);
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithTheCurrentObjectsThenChanges()
    {
        await using var watch = Registry.WatchAsync(Leases, "ns", new ListRequest(), Quiet, CancellationToken.None).GetAsyncEnumerator();
        var initial = await TakeAsync(watch, 1);
        var rev = await PutAsync("ns", "existing", "changed");

        var next = await TakeAsync(watch, 1);

        Assert.Equal("ADDED", initial[0].Type);
        Assert.Equal(("MODIFIED", $"{rev}"), (next[0].Type, Rv(next[0])));
    }

    [Fact]
    public async Task Watch_WithSelector_TurnsTransitionsIntoAddedAndDeleted()
    {
        var from = await PutAsync("ns", "a", "x");
        var q = new ListRequest { ResourceVersion = $"{from}", LabelSelector = LabelSelector.Parse("holder=y") };
        await using var watch = Registry.WatchAsync(Leases, "ns", q, Quiet, CancellationToken.None).GetAsyncEnumerator();
        await PutAsync("ns", "a", "y");
        await PutAsync("ns", "a", "y");
        await PutAsync("ns", "a", "x");

        var events = await TakeAsync(watch, 3);

        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.Type));
    }
}
