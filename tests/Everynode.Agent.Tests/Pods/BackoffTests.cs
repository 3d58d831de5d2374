using Everynode.Agent.Pods;

namespace Everynode.Agent.Tests.Pods;

public sealed class BackoffTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void CrashLoop_FirstFailureRestartsAtOnce_ThenDoublesFrom10sTo5m()
    {
        var backoff = Backoff.CrashLoop(_time);
        var finished = _time.GetUtcNow();
        Assert.False(backoff.IsInBackOffSince("pod/c", finished));
        backoff.Next("pod/c", finished);
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Get("pod/c"));
        Assert.True(backoff.IsInBackOffSince("pod/c", finished));

        var delays = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            _time.Advance(backoff.Get("pod/c"));
            Assert.False(backoff.IsInBackOffSince("pod/c", finished));
            finished = _time.GetUtcNow();
            backoff.Next("pod/c", finished);
            delays.Add(backoff.Get("pod/c"));
        }

        Assert.Equal([20, 40, 80, 160, 300, 300, 300], delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public void CrashLoop_ResetsAfterTenMinutesWithoutFailure()
    {
        var backoff = Backoff.CrashLoop(_time);
        backoff.Next("k", _time.GetUtcNow());
        backoff.Next("k", _time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(20), backoff.Get("k"));

        _time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.False(backoff.IsInBackOffSince("k", _time.GetUtcNow()));
        backoff.Next("k", _time.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Get("k"));
    }

    [Fact]
    public void ImagePull_IsInBackOffUntilTheDelayAfterTheLastFailure()
    {
        var backoff = Backoff.ImagePull(_time);
        Assert.False(backoff.IsInBackOffSinceUpdate("img"));
        backoff.Next("img", _time.GetUtcNow());
        _time.Advance(TimeSpan.FromSeconds(9));
        Assert.True(backoff.IsInBackOffSinceUpdate("img"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(backoff.IsInBackOffSinceUpdate("img"));
    }

    [Fact]
    public void ResetPrefix_ForgetsOnlyThatPodsKeys()
    {
        var backoff = Backoff.CrashLoop(_time);
        backoff.Next("uid1/a", _time.GetUtcNow());
        backoff.Next("uid2/a", _time.GetUtcNow());
        backoff.ResetPrefix("uid1/");
        Assert.Equal(TimeSpan.Zero, backoff.Get("uid1/a"));
        Assert.Equal(TimeSpan.FromSeconds(10), backoff.Get("uid2/a"));
    }

    [Theory]
    [InlineData(10, "10s")]
    [InlineData(80, "1m20s")]
    [InlineData(300, "5m0s")]
    [InlineData(3725, "1h2m5s")]
    [InlineData(0, "0s")]
    public void GoDuration_PrintsAsGoDoes(int seconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromSeconds(seconds)));
}
