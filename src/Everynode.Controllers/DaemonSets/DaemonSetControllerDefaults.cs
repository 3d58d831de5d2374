namespace Everynode.Controllers.DaemonSets;

/// <summary>Tuning constants for the DaemonSet controller (upstream's, except where a benchmark chose otherwise).</summary>
public static class DaemonSetControllerDefaults
{
    /// <summary>
    /// The most creates and the most deletes one sync issues. Upstream uses 250; larger fleets are covered sooner with
    /// 1,000 while one sync's work stays bounded (the fan-out benchmark in bench/README.md chose it).
    /// </summary>
    public const int BurstReplicas = 1000;

    /// <summary>How many times a failed status write is retried on a fresh read before the sync fails.</summary>
    public const int StatusUpdateRetries = 1;

    public static readonly TimeSpan FailedPodBackoffInitial = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan FailedPodBackoffMax = TimeSpan.FromMinutes(15);

    /// <summary>How often expired failed-pod backoff entries are dropped.</summary>
    public static readonly TimeSpan BackoffGCInterval = TimeSpan.FromMinutes(1);

    /// <summary>How long a new pod may stay unavailable before a stalled rollout blames it (not upstream: ours).</summary>
    public static readonly TimeSpan RolloutStallAfter = TimeSpan.FromMinutes(5);
}
