using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Scheduler.Queue;

/// <summary>
/// A pending pod in the scheduling queue (upstream QueuedPodInfo): how many times it was tried, when it last
/// entered a sub-queue (the start of its backoff), and the scheduling cycle in which it was last popped.
/// </summary>
internal sealed class QueuedPodInfo(V1Pod pod, DateTimeOffset timestamp)
{
    public V1Pod Pod { get; set; } = pod;

    public string Key => PodInfo.KeyOf(Pod);

    public int Priority => Pod.Spec?.Priority ?? 0;

    public int Attempts { get; set; }

    public DateTimeOffset Timestamp { get; set; } = timestamp;

    public DateTimeOffset InitialAttemptTimestamp { get; } = timestamp;

    public long SchedulingCycle { get; set; }
}
