using System.Text;

namespace Everynode.Storage.Tests;

/// <summary>The storage contract, run against every implementation (one subclass each).</summary>
public abstract partial class StoreConformanceTests : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly List<IStore> _stores = [];

    /// <summary>Opens a new, empty store.</summary>
    protected abstract Task<IStore> OpenStoreAsync(int watcherBufferSize);

    /// <summary>The current revision of a new, empty store: 0, except etcd, whose revisions start at 1.</summary>
    protected virtual long EmptyStoreRevision => 0;

    protected async Task<IStore> NewStoreAsync(int watcherBufferSize = 100_000)
    {
        var store = await OpenStoreAsync(watcherBufferSize);
        _stores.Add(store);
        return store;
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    protected static ReadOnlyMemory<byte> Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string Text(ReadOnlyMemory<byte> bytes) => Encoding.UTF8.GetString(bytes.Span);

    protected static async Task<List<WatchEvent>> ReadEventsAsync(IStoreWatch watch, int count)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        var events = new List<WatchEvent>();
        while (events.Count < count)
        {
            events.Add(await watch.Events.ReadAsync(timeout.Token));
        }

        return events;
    }

    protected static async Task AssertNoEventAsync(IStoreWatch watch)
    {
        using var shortWait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await watch.Events.ReadAsync(shortWait.Token));
    }

    [Fact]
    public async Task Writes_EachWrite_GetsAHigherRevision()
    {
        var store = await NewStoreAsync();
        Assert.Equal(EmptyStoreRevision, await store.GetCurrentRevisionAsync(default));

        var created = await store.CreateAsync("/a", Bytes("1"), default);
        var updated = await store.UpdateAsync("/a", Bytes("2"), 0, default);
        var deleted = await store.DeleteAsync("/a", 0, default);

        Assert.True(created > 0);
        Assert.Equal(created + 1, updated);
        Assert.Equal(updated + 1, deleted.Revision);
        Assert.Equal(deleted.Revision, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task Create_KeyExists_ThrowsKeyExistsAndWritesNothing()
    {
        var store = await NewStoreAsync();
        var revision = await store.CreateAsync("/a", Bytes("1"), default);

        var error = await Assert.ThrowsAsync<KeyExistsException>(async () => await store.CreateAsync("/a", Bytes("2"), default));

        Assert.Equal("/a", error.Key);
        Assert.Equal(revision, await store.GetCurrentRevisionAsync(default));
        Assert.Equal("1", Text((await store.GetAsync("/a", 0, default))!.Value));
    }

    [Fact]
    public async Task Get_ReturnsCreateAndModRevisions_AndRecreateGetsANewCreateRevision()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/a", Bytes("1"), default);
        var updated = await store.UpdateAsync("/a", Bytes("2"), created, default);

        var kv = await store.GetAsync("/a", 0, default);
        Assert.Equal(new[] { created, updated }, new[] { kv!.CreateRevision, kv.ModRevision });

        await store.DeleteAsync("/a", updated, default);
        Assert.Null(await store.GetAsync("/a", 0, default));
        var recreated = await store.CreateAsync("/a", Bytes("3"), default);
        var again = await store.GetAsync("/a", 0, default);
        Assert.Equal(recreated, again!.CreateRevision);
        Assert.Equal("3", Text(again.Value));
    }

    [Fact]
    public async Task Update_WrongModRevision_ThrowsConflictCarryingTheCurrentValue()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/a", Bytes("1"), default);
        var updated = await store.UpdateAsync("/a", Bytes("2"), created, default);

        var error = await Assert.ThrowsAsync<ConflictException>(async () => await store.UpdateAsync("/a", Bytes("3"), created, default));

        Assert.Equal(created, error.ExpectedModRevision);
        Assert.Equal(updated, error.Current.ModRevision);
        Assert.Equal("2", Text(error.Current.Value));
        Assert.Equal(updated, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task Delete_WrongModRevision_ThrowsConflictAndKeepsTheKey()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/a", Bytes("1"), default);
        await store.UpdateAsync("/a", Bytes("2"), 0, default);

        var error = await Assert.ThrowsAsync<ConflictException>(async () => await store.DeleteAsync("/a", created, default));

        Assert.Equal("2", Text(error.Current.Value));
        Assert.NotNull(await store.GetAsync("/a", 0, default));
    }

    [Fact]
    public async Task UpdateAndDelete_MissingKey_ThrowKeyNotFound()
    {
        var store = await NewStoreAsync();

        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.UpdateAsync("/missing", Bytes("1"), 0, default));
        await Assert.ThrowsAsync<KeyNotFoundException>(async () => await store.DeleteAsync("/missing", 0, default));
        Assert.Equal(EmptyStoreRevision, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task Delete_ReturnsTheDeletedValue()
    {
        var store = await NewStoreAsync();
        var created = await store.CreateAsync("/a", Bytes("gone"), default);

        var result = await store.DeleteAsync("/a", created, default);

        Assert.Equal("gone", Text(result.Deleted.Value));
        Assert.Equal(created, result.Deleted.ModRevision);
        Assert.Equal(created, result.Deleted.CreateRevision);
    }

    [Fact]
    public async Task Get_AtOldRevisions_ReturnsTheValueThen()
    {
        var store = await NewStoreAsync();
        var r1 = await store.CreateAsync("/a", Bytes("1"), default);
        var r2 = await store.UpdateAsync("/a", Bytes("2"), 0, default);
        var r3 = (await store.DeleteAsync("/a", 0, default)).Revision;
        var r4 = await store.CreateAsync("/b", Bytes("b"), default);

        Assert.Equal("1", Text((await store.GetAsync("/a", r1, default))!.Value));
        Assert.Equal("2", Text((await store.GetAsync("/a", r2, default))!.Value));
        Assert.Null(await store.GetAsync("/a", r3, default));
        Assert.Null(await store.GetAsync("/a", r4, default));
        Assert.Null(await store.GetAsync("/b", r3, default));
        await Assert.ThrowsAsync<FutureRevisionException>(async () => await store.GetAsync("/a", r4 + 1, default));
    }
}
