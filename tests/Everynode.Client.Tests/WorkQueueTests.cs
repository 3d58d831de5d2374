using Everynode.Client.Queue;

namespace Everynode.Client.Tests;

/// <summary>Work queue semantics with a fake clock.</summary>
public sealed class WorkQueueTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(100);

    private static async Task<string> GetKeyAsync(WorkQueue<string> queue)
    {
        var (key, shuttingDown) = await queue.GetAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(shuttingDown);
        return key;
    }

    private static async Task AssertNothingQueuedAsync(WorkQueue<string> queue)
    {
        using var cts = new CancellationTokenSource(Short);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => queue.GetAsync(cts.Token));
    }

    [Fact]
    public async Task Add_SameKeyTwiceBeforeItIsTaken_HandsItOutOnce()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        queue.Add("b");
        queue.Add("a");
        Assert.Equal(2, queue.Count);
        Assert.Equal("a", await GetKeyAsync(queue));
        Assert.Equal("b", await GetKeyAsync(queue));
        await AssertNothingQueuedAsync(queue);
    }

    [Fact]
    public async Task Add_WhileTheKeyIsProcessed_HandsItOutAgainOnlyAfterDone()
    {
        using var queue = new WorkQueue<string>();
        queue.Add("a");
        Assert.Equal("a", await GetKeyAsync(queue));

        queue.Add("a");
        queue.Add("a");
        Assert.Equal(0, queue.Count);
        var second = queue.GetAsync(CancellationToken.None);
        await Task.Delay(Short);
        Assert.False(second.IsCompleted);

        queue.Done("a");
        var (key, _) = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("a", key);
        queue.Done("a");
        await AssertNothingQueuedAsync(queue);
    }

    [Fact]
    public async Task ManyWorkers_NeverProcessTheSameKeyAtOnce()
    {
        using var queue = new WorkQueue<int>();
        var inFlight = new int[10];
        var violations = 0;
        var processed = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                var (key, shuttingDown) = await queue.GetAsync(stop.Token);
                if (shuttingDown)
                {
                    return;
                }

                if (Interlocked.Increment(ref inFlight[key]) != 1)
                {
                    Interlocked.Increment(ref violations);
                }

                await Task.Yield();
                Interlocked.Decrement(ref inFlight[key]);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        })).ToArray();

        for (var i = 0; i < 5000; i++)
        {
            queue.Add(i % 10);
            if (i % 100 == 0)
            {
                await Task.Yield();
            }
        }

        await Eventually.TrueAsync(() => queue.Count == 0, "the queue to drain");
        queue.ShutDown();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, violations);
        Assert.InRange(processed, 10, 5000);
    }

    [Fact]
    public async Task AddRateLimited_BacksOffExponentiallyPerKey_AndForgetResets()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(timeProvider: clock);

        foreach (var expectedMs in (int[])[5, 10, 20, 40])
        {
            queue.AddRateLimited("a");
            clock.Advance(TimeSpan.FromMilliseconds(expectedMs - 1));
            Assert.Equal(0, queue.Count);
            clock.Advance(TimeSpan.FromMilliseconds(1));
            Assert.Equal(1, queue.Count);
            Assert.Equal("a", await GetKeyAsync(queue));
            queue.Done("a");
        }

        Assert.Equal(4, queue.NumRequeues("a"));
        queue.Forget("a");
        Assert.Equal(0, queue.NumRequeues("a"));
        queue.AddRateLimited("a");
        clock.Advance(TimeSpan.FromMilliseconds(5));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddRateLimited_NeverWaitsLongerThanMaxDelay()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(new WorkQueueOptions { BaseDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(3) }, clock);
        foreach (var expectedSeconds in (int[])[1, 2, 3, 3, 3])
        {
            queue.AddRateLimited("a");
            clock.Advance(TimeSpan.FromSeconds(expectedSeconds) - TimeSpan.FromTicks(1));
            Assert.Equal(0, queue.Count);
            clock.Advance(TimeSpan.FromTicks(1));
            Assert.Equal("a", await GetKeyAsync(queue));
            queue.Done("a");
        }
    }

    [Fact]
    public void AddAfter_KeyAlreadyWaiting_KeepsTheEarlierTime()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(timeProvider: clock);
        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        queue.AddAfter("a", TimeSpan.FromSeconds(2));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, queue.Count);
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task AddAfter_KeyAlreadyQueued_IsNotQueuedTwice()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(timeProvider: clock);
        queue.Add("a");
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, queue.Count);
        Assert.Equal("a", await GetKeyAsync(queue));
    }

    [Fact]
    public async Task ShutDown_HandsOutWhatIsQueuedThenReportsShutdownToWaitingWorkers()
    {
        var clock = new FakeTimeProvider();
        using var queue = new WorkQueue<string>(timeProvider: clock);
        var waiting = queue.GetAsync(CancellationToken.None);
        queue.Add("a");
        Assert.Equal("a", (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).Key);

        queue.Add("b");
        queue.AddAfter("c", TimeSpan.FromSeconds(1));
        var blocked = Task.Run(async () =>
        {
            await Task.Yield();
            return await queue.GetAsync(CancellationToken.None);
        });
        Assert.Equal("b", (await blocked.WaitAsync(TimeSpan.FromSeconds(5))).Key);

        var idle = queue.GetAsync(CancellationToken.None);
        queue.ShutDown();
        Assert.True((await idle.WaitAsync(TimeSpan.FromSeconds(5))).ShuttingDown);
        queue.Add("d");
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, queue.Count);
        Assert.True((await queue.GetAsync(CancellationToken.None)).ShuttingDown);
    }
}
