namespace Everynode.Storage.Tests;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task List_AtCurrentAndOldRevisions_ReturnsConsistentSnapshots()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/r/a", Bytes("a1"), default);
        var r2 = await store.CreateAsync("/r/b", Bytes("b1"), default);
        await store.UpdateAsync("/r/a", Bytes("a2"), 0, default);
        await store.DeleteAsync("/r/b", 0, default);
        var r5 = await store.CreateAsync("/r/c", Bytes("c1"), default);

        var now = await store.ListAsync("/r/", new ListOptions(), default);
        var then = await store.ListAsync("/r/", new ListOptions(Revision: r2), default);

        Assert.Equal(r5, now.Revision);
        Assert.Equal(["/r/a:a2", "/r/c:c1"], now.Items.Select(kv => $"{kv.Key}:{Text(kv.Value)}"));
        Assert.Equal(r2, then.Revision);
        Assert.Equal(["/r/a:a1", "/r/b:b1"], then.Items.Select(kv => $"{kv.Key}:{Text(kv.Value)}"));
        Assert.All(now.Items.Concat(then.Items), kv => Assert.True(kv.ModRevision >= kv.CreateRevision));
        Assert.False(now.More);
        await Assert.ThrowsAsync<FutureRevisionException>(async () => await store.ListAsync("/r/", new ListOptions(Revision: r5 + 1), default));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task List_PagedWithStartKeyAndLimit_ReturnsEveryKeyOnceWithRemainingCount(bool atOldRevision)
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 10; i++)
        {
            await store.CreateAsync($"/p/k{i:D2}", Bytes($"{i}"), default);
        }

        var revision = await store.GetCurrentRevisionAsync(default);
        if (atOldRevision)
        {
            await store.CreateAsync("/p/k05a", Bytes("later"), default);
            await store.DeleteAsync("/p/k00", 0, default);
        }

        var keys = new List<string>();
        var remainingCounts = new List<long>();
        string? startKey = null;
        while (true)
        {
            var page = await store.ListAsync("/p/", new ListOptions(atOldRevision ? revision : 0, startKey, Limit: 4), default);
            keys.AddRange(page.Items.Select(kv => kv.Key));
            remainingCounts.Add(page.RemainingCount);
            Assert.Equal(page.RemainingCount > 0, page.More);
            if (!page.More)
            {
                break;
            }

            startKey = page.Items[^1].Key + "\0";
        }

        // At the old revision the later create and delete are invisible.
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"/p/k{i:D2}"), keys);
        Assert.Equal([6L, 2L, 0L], remainingCounts);
    }

    [Fact]
    public async Task List_Prefix_DoesNotMatchKeysThatOnlyShareTheText()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/registry/pods/default/a", Bytes("pod"), default);
        await store.CreateAsync("/registry/podsx/default/a", Bytes("other"), default);
        await store.CreateAsync("/registry/pods0", Bytes("other"), default);
        await store.CreateAsync("/registry/pod", Bytes("other"), default);

        var list = await store.ListAsync("/registry/pods/", new ListOptions(), default);
        var old = await store.ListAsync("/registry/pods/", new ListOptions(Revision: 2), default);

        Assert.Equal(["/registry/pods/default/a"], list.Items.Select(kv => kv.Key));
        Assert.Equal(["/registry/pods/default/a"], old.Items.Select(kv => kv.Key));
        Assert.Equal(1, await store.CountAsync("/registry/pods/", default));
        Assert.Equal(4, await store.CountAsync("/registry/", default));
        Assert.Equal(4, await store.CountAsync(string.Empty, default));
    }

    [Fact]
    public async Task Count_CountsLiveKeysOnly()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/c/a", Bytes("1"), default);
        await store.CreateAsync("/c/b", Bytes("1"), default);
        await store.DeleteAsync("/c/a", 0, default);

        Assert.Equal(1, await store.CountAsync("/c/", default));
    }
}
