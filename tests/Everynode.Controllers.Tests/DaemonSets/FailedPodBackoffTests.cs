using Everynode.Controllers.DaemonSets;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class FailedPodBackoffTests
{
    [Fact]
    public void Next_DoublesFromOneSecondUpToFifteenMinutes()
    {
        var backoff = FailedPodBackoff.Default;
        var delays = new List<double>();
        var at = Now;
        for (var i = 0; i < 12; i++)
        {
            backoff = backoff.Next("k", at);
            delays.Add(backoff.Get("k").TotalSeconds);
            at += backoff.Get("k");
        }

        Assert.Equal([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900], delays);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(999, true)]
    [InlineData(1000, false)]
    public void IsInBackOffSinceUpdate_OnlyWithinTheDelay(int afterMs, bool expected)
    {
        var backoff = FailedPodBackoff.Default.Next("k", Now);
        Assert.Equal(expected, backoff.IsInBackOffSinceUpdate("k", Now.AddMilliseconds(afterMs)));
        Assert.False(backoff.IsInBackOffSinceUpdate("other", Now));
    }

    [Fact]
    public void Entry_ExpiresAfterTwiceTheMaximum_AndStartsOver()
    {
        var backoff = FailedPodBackoff.Default.Next("k", Now).Next("k", Now).Next("k", Now);
        Assert.Equal(TimeSpan.FromSeconds(4), backoff.Get("k"));

        Assert.Equal(TimeSpan.FromSeconds(8), backoff.Next("k", Now.AddMinutes(30)).Get("k"));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Next("k", Now.AddMinutes(30).AddTicks(1)).Get("k"));
        Assert.Same(backoff, backoff.GC(Now.AddMinutes(30)));
        Assert.Empty(backoff.GC(Now.AddMinutes(31)).Entries);
    }

    [Fact]
    public void Key_IsUidObservedGenerationAndNode()
    {
        var ds = NewDaemonSet();
        ds.Status.ObservedGeneration = 4;
        Assert.Equal("foo-uid/4/node-1", FailedPodBackoff.Key(ds, "node-1"));
    }

    [Fact]
    public void Next_LeavesTheOriginalUntouched()
    {
        var original = FailedPodBackoff.Default;
        _ = original.Next("k", Now);
        Assert.Empty(original.Entries);
    }
}
