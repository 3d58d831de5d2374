namespace Everynode.Storage.Tests;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task Compact_OldReadsAndWatchesThrow_WhileTheStateAtAndAfterItStaysReadable()
    {
        var store = await NewStoreAsync();
        var r1 = await store.CreateAsync("/k/a", Bytes("a1"), default);
        var r2 = await store.UpdateAsync("/k/a", Bytes("a2"), 0, default);
        await store.CreateAsync("/k/b", Bytes("b1"), default);
        var r4 = (await store.DeleteAsync("/k/b", 0, default)).Revision;
        var r5 = await store.UpdateAsync("/k/a", Bytes("a3"), 0, default);
        await store.CreateAsync("/k/c", Bytes("c1"), default);

        await store.CompactAsync(r4, default);

        Assert.Equal(r4, store.CompactedRevision);
        await Assert.ThrowsAsync<RevisionCompactedException>(async () => await store.GetAsync("/k/a", r2, default));
        await Assert.ThrowsAsync<RevisionCompactedException>(async () => await store.ListAsync("/k/", new ListOptions(Revision: r1), default));
        var error = Assert.Throws<RevisionCompactedException>(() => store.Watch("/k/", r2));
        Assert.Equal(r4, error.CompactedRevision);

        Assert.Equal("a3", Text((await store.GetAsync("/k/a", 0, default))!.Value));
        Assert.Equal(["/k/a:a3", "/k/c:c1"], (await store.ListAsync("/k/", new ListOptions(), default)).Items.Select(kv => $"{kv.Key}:{Text(kv.Value)}"));
        Assert.Equal(["/k/a:a2"], (await store.ListAsync("/k/", new ListOptions(Revision: r4), default)).Items.Select(kv => $"{kv.Key}:{Text(kv.Value)}"));
        Assert.Null(await store.GetAsync("/k/b", r4, default));

        using var watch = store.Watch("/k/", r4);
        var events = await ReadEventsAsync(watch, 2);
        Assert.Equal(r5, events[0].Revision);
        Assert.Equal("a2", Text(events[0].Previous!.Value));
        Assert.Equal("/k/c", events[1].Current.Key);
    }

    [Fact]
    public async Task Compact_ManyRevisions_KeepsEveryLiveKeyAndLaterHistory()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 30; i++)
        {
            await store.CreateAsync($"/m/{i:D2}", Bytes("0"), default);
        }

        for (var round = 1; round <= 40; round++)
        {
            await store.UpdateAsync($"/m/{round % 30:D2}", Bytes($"{round}"), 0, default);
            if (round % 7 == 0)
            {
                await store.DeleteAsync($"/m/{round % 30:D2}", 0, default);
                await store.CreateAsync($"/m/{round % 30:D2}", Bytes($"re{round}"), default);
            }
        }

        var before = await store.ListAsync("/m/", new ListOptions(), default);
        var target = await store.GetCurrentRevisionAsync(default) - 10;
        var history = await ReadEventsAsync(store.Watch("/m/", target), 10);

        await store.CompactAsync(target, default);
        await store.CompactAsync(target - 5, default);

        var after = await store.ListAsync("/m/", new ListOptions(), default);
        Assert.Equal(before.Items.Select(kv => (kv.Key, Text(kv.Value), kv.CreateRevision, kv.ModRevision)),
            after.Items.Select(kv => (kv.Key, Text(kv.Value), kv.CreateRevision, kv.ModRevision)));
        var replayed = await ReadEventsAsync(store.Watch("/m/", target), 10);
        Assert.Equal(history.Select(e => (e.Revision, e.Type, e.Previous?.ModRevision)), replayed.Select(e => (e.Revision, e.Type, e.Previous?.ModRevision)));
        await Assert.ThrowsAsync<FutureRevisionException>(async () => await store.CompactAsync(before.Revision + 1, default));
    }
}
