using System.Text;
using Everynode.Storage.Sqlite;

namespace Everynode.Storage.Tests;

/// <summary>What only the SQLite store promises: durability across reopen and group commit.</summary>
public sealed class SqliteStoreTests : IDisposable
{
    private readonly SqliteTestDatabases _databases = new();

    public void Dispose() => _databases.Delete();

    [Fact]
    public async Task Reopen_KeepsEveryAcknowledgedWrite_AndContinuesRevisions()
    {
        var options = _databases.Options();
        long last;
        await using (var store = await SqliteStore.OpenAsync(options, default))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < 25; i++)
                {
                    await store.CreateAsync($"/d/{t}-{i:D2}", Encoding.UTF8.GetBytes($"{t}-{i}"), default);
                }
            })));
            await store.DeleteAsync("/d/0-00", 0, default);
            last = await store.UpdateAsync("/d/1-00", "changed"u8.ToArray(), 0, default);
        }

        await using (var reopened = await SqliteStore.OpenAsync(options, default))
        {
            Assert.Equal(last, await reopened.GetCurrentRevisionAsync(default));
            var list = await reopened.ListAsync("/d/", new ListOptions(), default);
            Assert.Equal(199, list.Items.Count);
            Assert.Equal("changed", Encoding.UTF8.GetString((await reopened.GetAsync("/d/1-00", 0, default))!.Value.Span));
            Assert.Equal(last + 1, await reopened.CreateAsync("/d/new", "x"u8.ToArray(), default));

            using var watch = reopened.Watch("/d/", last - 2);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var revisions = new List<long>();
            for (var i = 0; i < 3; i++)
            {
                revisions.Add((await watch.Events.ReadAsync(timeout.Token)).Revision);
            }

            Assert.Equal([last - 1, last, last + 1], revisions);
        }
    }

    [Fact]
    public async Task Reopen_KeepsTheCompactedRevision()
    {
        var options = _databases.Options();
        await using (var store = await SqliteStore.OpenAsync(options, default))
        {
            for (var i = 0; i < 20; i++)
            {
                await store.CreateAsync($"/c/{i:D2}", "x"u8.ToArray(), default);
            }

            await store.CompactAsync(15, default);
        }

        await using var reopened = await SqliteStore.OpenAsync(options, default);
        Assert.Equal(15, reopened.CompactedRevision);
        await Assert.ThrowsAsync<RevisionCompactedException>(async () => await reopened.GetAsync("/c/00", 10, default));
        Assert.Throws<RevisionCompactedException>(() => reopened.Watch("/c/", 10));
        Assert.Equal(20, (await reopened.ListAsync("/c/", new ListOptions(), default)).Items.Count);
    }

    [Fact]
    public async Task ConcurrentWriters_AreGroupCommitted_InFarFewerTransactionsThanWrites()
    {
        await using var store = await SqliteStore.OpenAsync(_databases.Options(), default);
        const int Writers = 16;
        const int WritesEach = 50;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(t => Task.Run(async () =>
        {
            for (var i = 0; i < WritesEach; i++)
            {
                await store.CreateAsync($"/g/{t}-{i}", "x"u8.ToArray(), default);
            }
        })));

        Assert.Equal(Writers * WritesEach, await store.GetCurrentRevisionAsync(default));
        Assert.True(store.CommitCount <= Writers * WritesEach / 4, $"{store.CommitCount} commits for {Writers * WritesEach} writes");
    }

    [Fact]
    public async Task PeriodicCompaction_KeepsTheNewestRevisions()
    {
        var time = new FakeTimeProvider();
        var options = _databases.Options() with
        {
            CompactionInterval = TimeSpan.FromMinutes(5),
            CompactionRetainRevisions = 10,
            TimeProvider = time,
        };
        await using var store = await SqliteStore.OpenAsync(options, default);
        for (var i = 0; i < 30; i++)
        {
            await store.CreateAsync($"/p/{i:D2}", "x"u8.ToArray(), default);
        }

        time.Advance(TimeSpan.FromMinutes(5));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (store.CompactedRevision != 20)
        {
            await Task.Delay(10, timeout.Token);
        }

        Assert.Equal(30, (await store.ListAsync("/p/", new ListOptions(), default)).Items.Count);
    }
}
