using Everynode.Agent.Pods.Probes;

namespace Everynode.Agent.Tests.Pods;

public sealed class ProbeStateTests
{
    [Fact]
    public void Readiness_StartsFalse_AndNeedsSuccessThresholdSuccessesInARow()
    {
        var state = new ProbeState(successThreshold: 2, failureThreshold: 3, initialResult: false);
        Assert.False(state.Observe(true));
        Assert.False(state.Observe(false)); // Breaks the run of successes.
        Assert.False(state.Observe(true));
        Assert.True(state.Observe(true));
        Assert.True(state.Result);
    }

    [Fact]
    public void Liveness_StartsTrue_AndFailsAfterFailureThresholdFailuresInARow()
    {
        var state = new ProbeState(successThreshold: 1, failureThreshold: 3, initialResult: true);
        Assert.False(state.Observe(false));
        Assert.False(state.Observe(false));
        Assert.False(state.Observe(true)); // Resets the count.
        Assert.False(state.Observe(false));
        Assert.False(state.Observe(false));
        Assert.True(state.Observe(false));
        Assert.False(state.Result);
    }

    [Fact]
    public void Thresholds_BelowOne_BehaveAsOne()
    {
        var state = new ProbeState(0, 0, initialResult: true);
        Assert.True(state.Observe(false));
        Assert.True(state.Observe(true));
    }
}
