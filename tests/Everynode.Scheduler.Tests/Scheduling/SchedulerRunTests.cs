using Everynode.Scheduler.Tests.Infrastructure;

namespace Everynode.Scheduler.Tests.Scheduling;

/// <summary>The running loop: wake-ups, bindings in parallel, backoff and flush timers on a fake clock, failing loudly.</summary>
public sealed class SchedulerRunTests
{
    [Fact]
    public async Task Run_PodsArriving_AreBoundAsTheyCome()
    {
        var h = new SchedulerHarness();
        using var cts = new CancellationTokenSource();
        var run = await h.StartAsync(cts.Token);

        h.AddNode(Make.Node("node-a"));
        h.AddPod(Make.Pod("first"));
        await Eventually.TrueAsync(() => h.Binder.Binds.Count == 1, "the first binding");
        h.AddPod(Make.Pod("second"));
        await Eventually.TrueAsync(() => h.Binder.Binds.Count == 2, "the second binding");

        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_ManyPods_BindsUpToParallelBindsAtOnce()
    {
        var limit = new SchedulerOptions().ParallelBinds;
        var pods = limit + 24;
        var h = new SchedulerHarness();
        h.Binder.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var cts = new CancellationTokenSource();
        var run = await h.StartAsync(cts.Token);
        h.AddNode(Make.Node("node-a", pods: "110"));
        for (var i = 0; i < pods; i++)
        {
            h.AddPod(Make.Pod($"p{i:00}"));
        }

        await Eventually.TrueAsync(() => h.Binder.InFlight == limit, $"{limit} bindings in flight");
        h.Binder.Gate.SetResult();
        await Eventually.TrueAsync(() => h.Binder.Binds.Count == pods, $"{pods} bindings");

        Assert.Equal(limit, h.Binder.MaxInFlight);
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_RejectedBinding_IsRetriedWhenItsBackoffEnds()
    {
        var h = new SchedulerHarness();
        h.Binder.FailOnce.Add("default/p1");
        using var cts = new CancellationTokenSource();
        var run = await h.StartAsync(cts.Token);
        h.AddNode(Make.Node("node-a"));
        h.AddPod(Make.Pod("p1"));
        await Eventually.TrueAsync(() => h.Scheduler.IsBackingOff("default/p1"), "the pod backing off");

        h.Time.Advance(TimeSpan.FromSeconds(1));

        await Eventually.TrueAsync(() => h.Binder.Binds.Count == 1, "the retried binding");
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_ParkedPod_IsRetriedAfterFiveMinutesWithoutAnyEvent()
    {
        var h = new SchedulerHarness();
        using var cts = new CancellationTokenSource();
        var run = await h.StartAsync(cts.Token);
        h.AddNode(Make.Node("node-a", cpu: "1"));
        h.AddPod(Make.Pod("big", cpu: "2"));
        await Eventually.TrueAsync(() => h.Scheduler.IsUnschedulable("default/big"), "the pod parked");

        h.Time.Advance(TimeSpan.FromMinutes(4.5));
        Assert.Single(h.Recorder.EventsWithObject);
        h.Time.Advance(TimeSpan.FromMinutes(1));

        await Eventually.TrueAsync(() => h.Recorder.EventsWithObject.Count == 2, "a second FailedScheduling");
        await cts.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_BindingThrowsABug_FailsLoudly()
    {
        var h = new SchedulerHarness();
        h.Binder.Crash = new InvalidOperationException("bug");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var run = await h.StartAsync(cts.Token);
        h.AddNode(Make.Node("node-a"));
        h.AddPod(Make.Pod("p1"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run);

        Assert.Equal("bug", error.Message);
        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task Run_Cancelled_ReturnsQuietly()
    {
        var h = new SchedulerHarness();
        using var cts = new CancellationTokenSource();
        var run = await h.StartAsync(cts.Token);

        await cts.CancelAsync();

        await run;
        Assert.True(run.IsCompletedSuccessfully);
    }
}
