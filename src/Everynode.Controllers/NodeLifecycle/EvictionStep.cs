namespace Everynode.Controllers.NodeLifecycle;

/// <summary>What <see cref="EvictionSchedule.Next"/> tells the taint eviction controller to do with a pod now.</summary>
public enum EvictionStep
{
    /// <summary>Nothing pending, nothing to do.</summary>
    Nothing,

    /// <summary>A pending eviction was called off (upstream records "Cancelling deletion of Pod …").</summary>
    Cancelled,

    /// <summary>Look again after the delay.</summary>
    Wait,

    /// <summary>Evict the pod now.</summary>
    EvictNow,
}
