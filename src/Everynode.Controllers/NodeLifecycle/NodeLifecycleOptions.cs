namespace Everynode.Controllers.NodeLifecycle;

/// <summary>Settings of the <see cref="NodeLifecycleController"/>, with upstream's defaults.</summary>
public sealed record NodeLifecycleOptions
{
    /// <summary>How long a node may go without a heartbeat (Lease renewal or Ready heartbeat) before it is Unknown (<c>--node-monitor-grace-period</c>).</summary>
    public TimeSpan NodeMonitorGracePeriod { get; init; } = TimeSpan.FromSeconds(50);

    /// <summary>How often every node's health is checked (upstream's <c>--node-monitor-period</c>).</summary>
    public TimeSpan NodeMonitorPeriod { get; init; } = TimeSpan.FromSeconds(5);

    public int Workers { get; init; } = 2;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NodeMonitorGracePeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NodeMonitorPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
    }
}
