namespace Everynode.Storage.Tests;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Watch_SeesCreateUpdateDelete_WithPreviousValues()
    {
        var store = await NewStoreAsync();
        using var watch = store.Watch("/w/", 0);
        var created = await store.CreateAsync("/w/a", Bytes("1"), default);
        var updated = await store.UpdateAsync("/w/a", Bytes("2"), created, default);
        var deleted = await store.DeleteAsync("/w/a", updated, default);

        var events = await ReadEventsAsync(watch, 3);

        Assert.Equal([created, updated, deleted.Revision], events.Select(e => e.Revision));
        Assert.True(events[0].IsCreate);
        Assert.Null(events[0].Previous);
        Assert.Equal("1", Text(events[0].Current.Value));

        Assert.Equal(WatchEventType.Put, events[1].Type);
        Assert.False(events[1].IsCreate);
        Assert.Equal("2", Text(events[1].Current.Value));
        Assert.Equal(created, events[1].Current.CreateRevision);
        Assert.Equal("1", Text(events[1].Previous!.Value));
        Assert.Equal(created, events[1].Previous!.ModRevision);

        Assert.Equal(WatchEventType.Delete, events[2].Type);
        Assert.Equal("2", Text(events[2].Current.Value));
        Assert.Equal(deleted.Revision, events[2].Current.ModRevision);
        Assert.Equal(created, events[2].Current.CreateRevision);
        Assert.Equal(updated, events[2].Previous!.ModRevision);
    }

    [Fact]
    public async Task Watch_FromAnOldRevision_ReplaysHistoryInOrderThenContinuesLive()
    {
        var store = await NewStoreAsync();
        var first = await store.CreateAsync("/w/a", Bytes("1"), default);
        for (var i = 2; i <= 300; i++)
        {
            await store.UpdateAsync("/w/a", Bytes($"{i}"), 0, default);
        }

        // Replays history (older than any in-memory ring of the tested stores), then live events.
        using var watch = store.Watch("/w/", first);
        await store.UpdateAsync("/w/a", Bytes("301"), 0, default);
        var events = await ReadEventsAsync(watch, 300);

        Assert.Equal(Enumerable.Range((int)first + 1, 300).Select(r => (long)r), events.Select(e => e.Revision));
        Assert.Equal(Enumerable.Range(2, 300).Select(i => $"{i}"), events.Select(e => Text(e.Current.Value)));
        Assert.All(events, e => Assert.Equal(e.Revision - 1, e.Previous!.ModRevision));
        await AssertNoEventAsync(watch);
    }

    [Fact]
    public async Task Watch_FromZero_ReplaysEverything_FromCurrent_OnlyWhatComesNext()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/w/a", Bytes("1"), default);
        await store.CreateAsync("/w/b", Bytes("1"), default);
        var current = await store.GetCurrentRevisionAsync(default);

        using var fromZero = store.Watch("/w/", 0);
        using var fromCurrent = store.Watch("/w/", current);
        var next = await store.CreateAsync("/w/c", Bytes("1"), default);

        Assert.Equal(["/w/a", "/w/b", "/w/c"], (await ReadEventsAsync(fromZero, 3)).Select(e => e.Current.Key));
        Assert.Equal([next], (await ReadEventsAsync(fromCurrent, 1)).Select(e => e.Revision));
        await AssertNoEventAsync(fromCurrent);
    }

    [Fact]
    public async Task Watch_Prefix_SeesOnlyKeysUnderIt()
    {
        var store = await NewStoreAsync();
        using var watch = store.Watch("/registry/pods/", 0);
        await store.CreateAsync("/registry/podsx/a", Bytes("x"), default);
        var pod = await store.CreateAsync("/registry/pods/a", Bytes("x"), default);
        await store.CreateAsync("/registry/pod", Bytes("x"), default);

        Assert.Equal([pod], (await ReadEventsAsync(watch, 1)).Select(e => e.Revision));
        await AssertNoEventAsync(watch);
    }

    [Fact]
    public async Task Watch_StartedWhileWritesRun_SeesEveryLaterEventExactlyOnceInOrder()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/w/n", Bytes("0"), default);
        var writes = Task.Run(async () =>
        {
            for (var i = 1; i <= 400; i++)
            {
                await store.UpdateAsync("/w/n", Bytes($"{i}"), 0, default);
            }
        });

        var watches = new List<(long After, IStoreWatch Watch)>();
        for (var i = 0; i < 8; i++)
        {
            var after = Math.Max(1, await store.GetCurrentRevisionAsync(default) - 50);
            watches.Add((after, store.Watch("/w/", after)));
            await Task.Delay(5);
        }

        await writes;
        var last = await store.GetCurrentRevisionAsync(default);
        foreach (var (after, watch) in watches)
        {
            var events = await ReadEventsAsync(watch, (int)(last - after));
            Assert.Equal(Enumerable.Range((int)after + 1, (int)(last - after)).Select(r => (long)r), events.Select(e => e.Revision));
            watch.Dispose();
        }
    }

    [Fact]
    public async Task Watch_ConsumerFallsBehind_EndsWithTooSlowWhileAFastWatcherGetsEverything()
    {
        var store = await NewStoreAsync(watcherBufferSize: 4);
        using var slow = store.Watch("/w/", 0);
        using var fast = store.Watch("/w/", 0);
        var revisions = new List<long>();
        for (var i = 0; i < 10; i++)
        {
            revisions.Add(await store.CreateAsync($"/w/{i}", Bytes("x"), default));
            Assert.Equal(revisions[^1], (await ReadEventsAsync(fast, 1))[0].Revision);
        }

        var delivered = new List<long>();
        var error = await Assert.ThrowsAsync<WatcherTooSlowException>(async () =>
        {
            await foreach (var e in slow.Events.ReadAllAsync())
            {
                delivered.Add(e.Revision);
            }
        });

        // The slow watcher got a gap-free prefix of the events, and knows where it stopped.
        Assert.Equal(revisions.Take(delivered.Count), delivered);
        Assert.Equal(delivered[^1], error.LastDeliveredRevision);
    }

    [Fact]
    public async Task Watch_Disposed_EndsTheEventStream()
    {
        var store = await NewStoreAsync();
        var watch = store.Watch("/w/", 0);

        watch.Dispose();
        await store.CreateAsync("/w/a", Bytes("x"), default);

        using var timeout = new CancellationTokenSource(Timeout);
        Assert.False(await watch.Events.WaitToReadAsync(timeout.Token));
    }
    [Fact]
    public async Task Watch_FromBeforeTheInMemoryEvents_ReadsHistoryAcrossPagesThenTurnsLive()
    {
        var store = await NewStoreAsync();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < 75; i++)
            {
                await store.CreateAsync($"/h/{t:D2}-{i:D2}", Bytes("x"), default);
            }
        })));

        using var watch = store.Watch("/h/", 0);
        var live = await store.CreateAsync("/h/live", Bytes("x"), default);
        var events = await ReadEventsAsync(watch, 1201);

        Assert.Equal(Enumerable.Range((int)EmptyStoreRevision + 1, 1201).Select(r => (long)r), events.Select(e => e.Revision));
        Assert.Equal(live, events[^1].Revision);
        Assert.All(events, e => Assert.True(e.IsCreate));
    }
}
