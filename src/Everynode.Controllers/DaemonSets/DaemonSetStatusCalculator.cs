using System.Globalization;
using Everynode.Api.Models;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Upstream's updateDaemonSetStatus / storeDaemonSetStatus, without the write.</summary>
public static class DaemonSetStatusCalculator
{
    /// <summary>
    /// Counts per node: a node that should run the pod is desired; if it has any grouped pod it is current, and
    /// the first pod in <see cref="PodByCreationTimestampAndPhase"/> order decides ready, available and updated.
    /// A node that should not run the pod but has one is misscheduled. Pending and terminating (non-terminal)
    /// pods count as current. numberUnavailable = desired − available.
    /// </summary>
    public static DaemonSetStatusCounts Calculate(
        V1DaemonSet ds,
        IEnumerable<V1Node> nodes,
        IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> nodeToDaemonPods,
        string hash,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(nodeToDaemonPods);
        var minReadySeconds = ds.Spec?.MinReadySeconds ?? 0;
        var generation = DaemonPodTemplate.GetTemplateGeneration(ds);
        int desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
        var predicate = DaemonSetPredicates.For(ds);
        foreach (var node in nodes)
        {
            var shouldRun = predicate.Evaluate(node).ShouldRun;
            var scheduled = nodeToDaemonPods.TryGetValue(node.Metadata?.Name ?? string.Empty, out var pods) && pods.Count > 0;
            if (!shouldRun)
            {
                misscheduled += scheduled ? 1 : 0;
                continue;
            }

            desired++;
            if (!scheduled)
            {
                continue;
            }

            current++;
            var pod = PodByCreationTimestampAndPhase.Sort(pods!)[0];
            if (PodReadiness.IsPodReady(pod))
            {
                ready++;
                available += PodReadiness.IsPodAvailable(pod, minReadySeconds, now) ? 1 : 0;
            }

            updated += IsPodUpdated(pod, hash, generation) ? 1 : 0;
        }

        return new DaemonSetStatusCounts(desired, current, misscheduled, ready, updated, available, desired - available);
    }

    /// <summary>
    /// Upstream's IsPodUpdated: the pod carries the current revision hash, or (kept for pods from before
    /// ControllerRevisions) the DaemonSet's template generation.
    /// </summary>
    public static bool IsPodUpdated(V1Pod pod, string hash, long? templateGeneration)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var labels = pod.Metadata?.Labels ?? new Dictionary<string, string>();
        var templateMatches = templateGeneration is { } g
            && labels.TryGetValue(DaemonSetLabels.PodTemplateGeneration, out var podGeneration)
            && podGeneration == g.ToString(CultureInfo.InvariantCulture);
        var hashMatches = !string.IsNullOrEmpty(hash)
            && labels.TryGetValue(DaemonSetLabels.ControllerRevisionHash, out var podHash) && podHash == hash;
        return hashMatches || templateMatches;
    }

    /// <summary>
    /// True when the stored status already says this and the generation has been observed: the controller then
    /// writes nothing.
    /// </summary>
    public static bool StatusEquals(V1DaemonSet ds, DaemonSetStatusCounts counts)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(counts);
        var s = ds.Status ?? new V1DaemonSetStatus();
        return s.DesiredNumberScheduled == counts.DesiredNumberScheduled
            && s.CurrentNumberScheduled == counts.CurrentNumberScheduled
            && s.NumberMisscheduled == counts.NumberMisscheduled
            && s.NumberReady == counts.NumberReady
            && (s.UpdatedNumberScheduled ?? 0) == counts.UpdatedNumberScheduled
            && (s.NumberAvailable ?? 0) == counts.NumberAvailable
            && (s.NumberUnavailable ?? 0) == counts.NumberUnavailable
            && (s.ObservedGeneration ?? 0) >= (ds.Metadata?.Generation ?? 0);
    }

    /// <summary>
    /// A copy of <paramref name="ds"/> carrying the counters (and, if <paramref name="updateObservedGeneration"/>,
    /// observedGeneration = generation) for an UpdateStatus call. Conditions and collisionCount are kept.
    /// </summary>
    public static V1DaemonSet WithStatus(V1DaemonSet ds, DaemonSetStatusCounts counts, bool updateObservedGeneration)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(counts);
        var copy = ModelCopy.Clone(ds)!;
        var status = copy.Status ??= new V1DaemonSetStatus();
        if (updateObservedGeneration)
        {
            status.ObservedGeneration = copy.Metadata?.Generation;
        }

        status.DesiredNumberScheduled = counts.DesiredNumberScheduled;
        status.CurrentNumberScheduled = counts.CurrentNumberScheduled;
        status.NumberMisscheduled = counts.NumberMisscheduled;
        status.NumberReady = counts.NumberReady;
        status.UpdatedNumberScheduled = counts.UpdatedNumberScheduled;
        status.NumberAvailable = counts.NumberAvailable;
        status.NumberUnavailable = counts.NumberUnavailable;
        return copy;
    }

    /// <summary>
    /// Ready pods that are not yet available become available by the clock alone, with no event to wake the
    /// controller: look again after minReadySeconds.
    /// </summary>
    public static TimeSpan? RequeueAfter(V1DaemonSet ds, DaemonSetStatusCounts counts)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(counts);
        var minReadySeconds = ds.Spec?.MinReadySeconds ?? 0;
        return minReadySeconds > 0 && counts.NumberReady != counts.NumberAvailable
            ? TimeSpan.FromSeconds(minReadySeconds)
            : null;
    }

    /// <summary>
    /// When the first Ready pod that is not yet available (any pod, also a surge pod that status does not count)
    /// becomes available by the clock: the rollout must look again then, and no event will say so. A delayed
    /// queue keeps only the earliest wake-up per key, so this is computed on every sync rather than once per
    /// readiness change.
    /// </summary>
    public static TimeSpan? NextAvailableAfter(V1DaemonSet ds, IEnumerable<V1Pod> pods, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(pods);
        var minReadySeconds = ds.Spec?.MinReadySeconds ?? 0;
        if (minReadySeconds == 0)
        {
            return null;
        }

        TimeSpan? next = null;
        foreach (var pod in pods)
        {
            var since = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready" && c.Status == "True")?.LastTransitionTime;
            if (since is null || pod.Metadata?.DeletionTimestamp is not null || PodReadiness.IsPodAvailable(pod, minReadySeconds, now))
            {
                continue;
            }

            // Availability needs strictly more than minReadySeconds; a second more covers the truncated timestamp.
            var wait = new DateTimeOffset(DateTime.SpecifyKind(since.Value, DateTimeKind.Utc)).AddSeconds(minReadySeconds + 1) - now;
            wait = wait < TimeSpan.Zero ? TimeSpan.FromSeconds(1) : wait;
            next = next is { } earlier && earlier < wait ? earlier : wait;
        }

        return next;
    }
}
