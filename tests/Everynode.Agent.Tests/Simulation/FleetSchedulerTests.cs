using Everynode.Agent.Simulation;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Agent.Tests.Simulation;

public sealed class FleetSchedulerTests
{
    [Fact]
    public async Task RunAt_RunsOnlyWhenDue_InTheOrderOfTheirTimes()
    {
        var time = new FakeTimeProvider();
        await using var scheduler = new FleetScheduler(1, time, NullLogger.Instance);
        var ran = new List<string>();
        var done = new TaskCompletionSource();
        var start = time.GetUtcNow();
        scheduler.RunAt(start + TimeSpan.FromSeconds(10), _ => Record("ten"));
        scheduler.RunAt(start + TimeSpan.FromSeconds(5), _ => Record("five"));
        scheduler.RunAt(start + TimeSpan.FromSeconds(20), _ => Record("twenty"));

        time.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.Empty(Snapshot());

        time.Advance(TimeSpan.FromSeconds(7));
        await EventuallyCountAsync(2);
        Assert.Equal(["five", "ten"], Snapshot());

        time.Advance(TimeSpan.FromSeconds(10));
        await EventuallyCountAsync(3);
        Assert.Equal(["five", "ten", "twenty"], Snapshot());

        Task Record(string what)
        {
            lock (ran)
            {
                ran.Add(what);
            }

            return Task.CompletedTask;
        }

        List<string> Snapshot()
        {
            lock (ran)
            {
                return [.. ran];
            }
        }

        async Task EventuallyCountAsync(int count)
        {
            for (var i = 0; i < 200 && Snapshot().Count < count; i++)
            {
                await Task.Delay(10);
            }
        }
    }

    [Fact]
    public async Task Run_ATransientApiFailure_IsCountedAndTheSchedulerGoesOn()
    {
        await using var scheduler = new FleetScheduler(2, TimeProvider.System, NullLogger.Instance);
        var after = new TaskCompletionSource();
        scheduler.Run(_ => throw new HttpRequestException("connection refused"));
        scheduler.Run(_ =>
        {
            after.SetResult();
            return Task.CompletedTask;
        });

        await after.Task.WaitAsync(TimeSpan.FromSeconds(10));
        for (var i = 0; i < 100 && scheduler.TransientErrors == 0; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(1, scheduler.TransientErrors);
        Assert.False(scheduler.Completion.IsCompleted);
    }

    [Fact]
    public async Task Run_AnUnexpectedFailure_FaultsCompletion()
    {
        await using var scheduler = new FleetScheduler(1, TimeProvider.System, NullLogger.Instance);

        scheduler.Run(_ => throw new InvalidOperationException("bug"));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => scheduler.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("bug", e.Message);
    }
}
