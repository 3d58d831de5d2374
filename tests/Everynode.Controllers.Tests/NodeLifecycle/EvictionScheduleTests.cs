using Everynode.Controllers.NodeLifecycle;

namespace Everynode.Controllers.Tests.NodeLifecycle;

/// <summary>Pending taint evictions over a fake clock: start, wait, fire, keep the start, cancel.</summary>
public sealed class EvictionScheduleTests
{
    private readonly FakeTimeProvider _clock = new();
    private readonly EvictionSchedule _schedule = new();

    private (EvictionStep, TimeSpan) Next(TaintEvictionPlan plan) => _schedule.Next("ns/p", plan, _clock.GetUtcNow());

    [Fact]
    public void TolerationSeconds_WaitsThenEvicts()
    {
        Assert.Equal((EvictionStep.Wait, TimeSpan.FromSeconds(5)), Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5))));
        _clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal((EvictionStep.Wait, TimeSpan.FromSeconds(2)), Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5))));
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal((EvictionStep.EvictNow, TimeSpan.Zero), Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public void UntoleratedTaint_EvictsAtOnce() =>
        Assert.Equal((EvictionStep.EvictNow, TimeSpan.Zero), Next(TaintEvictionPlan.Now));

    [Fact]
    public void ShorterTolerationLater_CountsFromTheFirstDecision()
    {
        Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(300)));
        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal((EvictionStep.EvictNow, TimeSpan.Zero), Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(10))));
    }

    [Fact]
    public void TaintGoneBeforeTheTime_CancelsOnce()
    {
        Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(EvictionStep.Cancelled, Next(TaintEvictionPlan.Keep).Item1);
        Assert.Equal(EvictionStep.Nothing, Next(TaintEvictionPlan.Keep).Item1);
        Assert.True(_schedule.IsEmpty);
    }

    [Fact]
    public void TaintBackAfterACancel_StartsAfresh()
    {
        Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5)));
        _clock.Advance(TimeSpan.FromSeconds(4));
        Next(TaintEvictionPlan.Keep);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal((EvictionStep.Wait, TimeSpan.FromSeconds(5)), Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public void Forget_DropsWithoutACancellation()
    {
        Next(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5)));
        _schedule.Forget("ns/p");
        Assert.Equal(EvictionStep.Nothing, Next(TaintEvictionPlan.Keep).Item1);
    }
}
