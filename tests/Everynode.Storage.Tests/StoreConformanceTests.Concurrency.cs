using System.Globalization;

namespace Everynode.Storage.Tests;

public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task GuardedIncrements_FromSixteenWriters_LoseNoUpdate()
    {
        var store = await NewStoreAsync();
        await store.CreateAsync("/counter", Bytes("0"), default);
        var conflicts = 0;

        async Task IncrementAsync()
        {
            for (var i = 0; i < 50; i++)
            {
                while (true)
                {
                    var current = (await store.GetAsync("/counter", 0, default))!;
                    var next = int.Parse(Text(current.Value), CultureInfo.InvariantCulture) + 1;
                    try
                    {
                        await store.UpdateAsync("/counter", Bytes(next.ToString(CultureInfo.InvariantCulture)), current.ModRevision, default);
                        break;
                    }
                    catch (ConflictException)
                    {
                        Interlocked.Increment(ref conflicts);
                    }
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(IncrementAsync)));

        var final = (await store.GetAsync("/counter", 0, default))!;
        Assert.Equal("800", Text(final.Value));
        Assert.Equal(EmptyStoreRevision + 801, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task RacingCreates_OfOneKey_ExactlyOneSucceeds()
    {
        var store = await NewStoreAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            try
            {
                await store.CreateAsync("/race", Bytes($"{i}"), default);
                return true;
            }
            catch (KeyExistsException)
            {
                return false;
            }
        })));

        Assert.Single(results, won => won);
        Assert.Equal(EmptyStoreRevision + 1, await store.GetCurrentRevisionAsync(default));
    }

    [Fact]
    public async Task ConcurrentCreates_GetDistinctRevisions_AndAWatcherSeesThemAllInOrder()
    {
        var store = await NewStoreAsync();
        using var watch = store.Watch("/many/", 0);

        var revisions = await Task.WhenAll(Enumerable.Range(0, 16).Select(t => Task.Run(async () =>
        {
            var mine = new List<long>();
            for (var i = 0; i < 40; i++)
            {
                mine.Add(await store.CreateAsync($"/many/{t:D2}-{i:D2}", Bytes("x"), default));
            }

            return mine;
        })));

        var all = revisions.SelectMany(r => r).Order().ToList();
        Assert.Equal(Enumerable.Range((int)EmptyStoreRevision + 1, 640).Select(r => (long)r), all);
        var events = await ReadEventsAsync(watch, 640);
        Assert.Equal(all, events.Select(e => e.Revision));
        Assert.Equal(640, (await store.ListAsync("/many/", new ListOptions(), default)).Items.Count);
    }
}
