namespace Everynode.Controllers.DaemonSets;

/// <summary>Settings of the <see cref="DaemonSetController"/> (kube-controller-manager's daemonset flags).</summary>
public sealed record DaemonSetControllerOptions
{
    /// <summary>How many DaemonSets are synced at once (<c>--concurrent-daemonset-syncs</c>).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The most pod creates and the most pod deletes one sync issues.</summary>
    public int BurstReplicas { get; init; } = DaemonSetControllerDefaults.BurstReplicas;

    /// <summary>
    /// How long a new-template pod may stay unavailable, without visibly failing, before a stalled rollout names
    /// it in the <c>RolloutBlockedByNewPods</c> condition.
    /// </summary>
    public TimeSpan RolloutStallAfter { get; init; } = DaemonSetControllerDefaults.RolloutStallAfter;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(RolloutStallAfter, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BurstReplicas, 1);
    }
}
