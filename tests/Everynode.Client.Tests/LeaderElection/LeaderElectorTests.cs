using Everynode.Client.LeaderElection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Client.Tests.LeaderElection;

public sealed class LeaderElectorTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(250);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLeaseClient _leases = new();

    private LeaderElector Candidate(string identity) => new(
        _leases,
        new LeaderElectionOptions { LeaseName = "everynode-control-plane", Identity = identity },
        NullLogger.Instance,
        _time);

    /// <summary>Moves the fake clock in small steps, letting the elector's continuations run, until the condition holds.</summary>
    private async Task<TimeSpan> AdvanceUntilAsync(Func<bool> condition, TimeSpan limit)
    {
        var elapsed = TimeSpan.Zero;
        var realDeadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(elapsed <= limit, $"not within {limit} of fake time");
            Assert.True(DateTime.UtcNow < realDeadline, "not within 20 s of real time");
            _time.Advance(Step);
            elapsed += Step;
            await Task.Delay(5);
        }

        return elapsed;
    }

    [Fact]
    public async Task TryAcquire_NoLease_CreatesItHeldByThisCandidate()
    {
        var a = Candidate("host-a_1");

        Assert.True(await a.TryAcquireOrRenewAsync(default));

        var spec = _leases.Spec!;
        Assert.Equal("host-a_1", spec.HolderIdentity);
        Assert.Equal(15, spec.LeaseDurationSeconds);
        Assert.Equal(0, spec.LeaseTransitions);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, spec.AcquireTime);
    }

    [Fact]
    public async Task TryAcquire_HeldAndRenewed_StandbyWaitsAFullLeaseDurationAfterTheLastChange_ThenTakesOver()
    {
        var a = Candidate("host-a_1");
        var b = Candidate("host-b_2");
        Assert.True(await a.TryAcquireOrRenewAsync(default));
        var acquired = _leases.Spec!.AcquireTime;

        Assert.False(await b.TryAcquireOrRenewAsync(default));
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await a.TryAcquireOrRenewAsync(default));
        Assert.Equal(acquired, _leases.Spec!.AcquireTime);

        // B saw the renewal just now (by its own clock): 14 s later it still waits, 15 s later it takes over.
        Assert.False(await b.TryAcquireOrRenewAsync(default));
        _time.Advance(TimeSpan.FromSeconds(14));
        Assert.False(await b.TryAcquireOrRenewAsync(default));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await b.TryAcquireOrRenewAsync(default));

        var spec = _leases.Spec!;
        Assert.Equal("host-b_2", spec.HolderIdentity);
        Assert.Equal(1, spec.LeaseTransitions);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, spec.AcquireTime);
        Assert.False(await a.TryAcquireOrRenewAsync(default));
    }

    [Fact]
    public async Task TryAcquire_TwoCandidatesRaceForAnExpiredLease_ExactlyOneWins()
    {
        Assert.True(await Candidate("old_0").TryAcquireOrRenewAsync(default));
        var a = Candidate("host-a_1");
        var b = Candidate("host-b_2");
        Assert.False(await a.TryAcquireOrRenewAsync(default));
        Assert.False(await b.TryAcquireOrRenewAsync(default));
        _time.Advance(TimeSpan.FromSeconds(15));

        // Both read the same expired record; the second replace carries a stale resourceVersion.
        var results = await Task.WhenAll(a.TryAcquireOrRenewAsync(default), b.TryAcquireOrRenewAsync(default));

        Assert.Single(results, won => won);
        Assert.Equal(1, _leases.Spec!.LeaseTransitions);
    }

    [Fact]
    public async Task Run_LeaderCannotRenew_StopsActingWithinTheRenewDeadline_AndThrowsLost()
    {
        var a = Candidate("host-a_1");
        var leadingStopped = new TaskCompletionSource();
        var run = a.RunAsync(async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct).ContinueWith(_ => leadingStopped.SetResult(), TaskScheduler.Default);
        }, default);
        await AdvanceUntilAsync(() => a.IsLeader, TimeSpan.FromSeconds(1));

        _leases.Unreachable = true;
        var elapsed = await AdvanceUntilAsync(() => run.IsCompleted, TimeSpan.FromSeconds(15));

        await Assert.ThrowsAsync<LeaderElectionLostException>(() => run);
        Assert.True(leadingStopped.Task.IsCompleted);
        Assert.False(a.IsLeader);
        // The last renewal was at most one retry period before the API went away; the deadline is 10 s after it.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(12));
    }

    [Fact]
    public async Task Run_StandbyTakesOver_WhenTheLeaderStopsRenewing()
    {
        Assert.True(await Candidate("dead_0").TryAcquireOrRenewAsync(default));
        var b = Candidate("host-b_2");
        using var stop = new CancellationTokenSource();
        var run = b.RunAsync(ct => Task.Delay(Timeout.Infinite, ct), stop.Token);

        var elapsed = await AdvanceUntilAsync(() => b.IsLeader, TimeSpan.FromSeconds(25));

        // The dead leader's lease runs out 15 s after B first saw it; B's next attempt is timed for that moment.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15.5));
        Assert.Equal("host-b_2", _leases.Spec!.HolderIdentity);
        await stop.CancelAsync();
        await run;
    }

    [Fact]
    public async Task Run_Cancelled_ReleasesTheLease_SoAStandbyAcquiresAtOnce()
    {
        var a = Candidate("host-a_1");
        using var stop = new CancellationTokenSource();
        var run = a.RunAsync(ct => Task.Delay(Timeout.Infinite, ct), stop.Token);
        await AdvanceUntilAsync(() => a.IsLeader, TimeSpan.FromSeconds(1));
        _time.Advance(TimeSpan.FromSeconds(5));

        await stop.CancelAsync();
        await run;

        Assert.Equal("", _leases.Spec!.HolderIdentity);
        Assert.True(await Candidate("host-b_2").TryAcquireOrRenewAsync(default));
        Assert.Equal(1, _leases.Spec!.LeaseTransitions);
    }

    [Fact]
    public async Task Run_WorkFails_StopsLeadingAndRethrows()
    {
        var a = Candidate("host-a_1");

        var run = a.RunAsync(_ => throw new InvalidOperationException("controller broke"), default);
        await AdvanceUntilAsync(() => run.IsCompleted, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run);
        Assert.Equal("controller broke", error.Message);
        Assert.False(a.IsLeader);
    }

    [Fact]
    public void Options_RenewDeadlineNotShorterThanLease_AreRejected()
    {
        var options = new LeaderElectionOptions { LeaseName = "x", Identity = "i", LeaseDuration = TimeSpan.FromSeconds(10), RenewDeadline = TimeSpan.FromSeconds(10) };

        Assert.Throws<ArgumentException>(options.Validate);
        Assert.Matches("^[^_]+_[0-9a-f-]{36}$", LeaderElectionOptions.NewIdentity());
    }
}
