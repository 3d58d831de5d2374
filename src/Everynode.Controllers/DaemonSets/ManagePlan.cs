namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// What one manage pass decided: nodes that need a daemon pod, pods (by name) to delete, events to record on the
/// DaemonSet, when to look again if a failed pod is still in backoff, and the failed-pod backoff to keep.
/// </summary>
public sealed record ManagePlan(
    IReadOnlyList<string> NodesNeedingDaemonPods,
    IReadOnlyList<string> PodsToDelete,
    IReadOnlyList<DaemonSetEvent> Events,
    TimeSpan? RequeueAfter,
    FailedPodBackoff Backoff);
