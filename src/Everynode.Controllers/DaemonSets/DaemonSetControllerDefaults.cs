namespace Everynode.Controllers.DaemonSets;

/// <summary>Upstream's tuning constants for the DaemonSet controller.</summary>
public static class DaemonSetControllerDefaults
{
    /// <summary>The most creates and the most deletes one sync issues.</summary>
    public const int BurstReplicas = 250;

    /// <summary>The first slow-start batch; each following batch doubles.</summary>
    public const int SlowStartInitialBatchSize = 1;

    /// <summary>How many times a failed status write is retried on a fresh read before the sync fails.</summary>
    public const int StatusUpdateRetries = 1;

    /// <summary>After this long, unfulfilled expectations count as satisfied (a watch event was lost).</summary>
    public static readonly TimeSpan ExpectationsTimeout = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan FailedPodBackoffInitial = TimeSpan.FromSeconds(1);

    public static readonly TimeSpan FailedPodBackoffMax = TimeSpan.FromMinutes(15);

    /// <summary>How often expired failed-pod backoff entries are dropped.</summary>
    public static readonly TimeSpan BackoffGCInterval = TimeSpan.FromMinutes(1);
}
