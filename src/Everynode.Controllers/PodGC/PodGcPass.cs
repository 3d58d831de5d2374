using Everynode.Client.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.PodGC;

/// <summary>
/// One pass of upstream's podgc over the cached pods and nodes, in upstream's order: terminated pods above the
/// threshold, terminating pods on out-of-service nodes, pods bound to nodes that no longer exist, terminating pods
/// that were never bound. Every delete is forced (grace period 0): no node agent will finish these pods.
/// </summary>
/// <remarks>
/// Invariants: a pod is deleted for its missing node only after that node has been absent from the cache for the
/// whole quarantine and a live read says NotFound. A failed write is logged and retried by a later pass, which
/// decides afresh from the caches.
/// </remarks>
internal sealed partial class PodGcPass(
    InformerCache<V1Pod> pods, InformerCache<V1Node> nodes, IPodGcControl control, PodGcOptions options, TimeProvider time, ILogger logger)
{
    private readonly NodeQuarantine _quarantine = new(options.QuarantineTime);

    public async Task GcAsync(CancellationToken ct)
    {
        var allPods = pods.List();
        await DeleteAllAsync(PodGcPlanner.TerminatedPodsToDelete(allPods, options.TerminatedPodThreshold), null, "terminated pod above the threshold", ct);
        await DeleteAllAsync(PodGcPlanner.TerminatingPodsOnOutOfServiceNodes(allPods, n => nodes.Get(null, n)), null, "terminating on an out-of-service node", ct);
        await GcOrphanedAsync(allPods, ct);
        await DeleteAllAsync(PodGcPlanner.UnscheduledTerminatingPods(allPods), null, "terminating and never scheduled", ct);
    }

    private async Task GcOrphanedAsync(IReadOnlyList<V1Pod> allPods, CancellationToken ct)
    {
        var existing = nodes.ListKeys().ToHashSet(StringComparer.Ordinal);
        var now = time.GetUtcNow();
        _quarantine.Add(PodGcPlanner.MissingNodeNames(allPods, existing), now);
        var deletedNodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in _quarantine.TakeDue(now))
        {
            if (existing.Contains(name) || nodes.Get(null, name) is not null)
            {
                continue;
            }

            try
            {
                if (!await control.NodeExistsAsync(name, ct))
                {
                    deletedNodes.Add(name);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogNodeCheckFailed(logger, e, name);
            }
        }

        if (deletedNodes.Count == 0)
        {
            return;
        }

        var condition = new V1PodCondition
        {
            Type = "DisruptionTarget",
            Status = "True",
            Reason = "DeletionByPodGC",
            Message = "PodGC: node no longer exists",
            LastTransitionTime = time.GetUtcNow().UtcDateTime,
        };
        var orphaned = allPods.Where(p => p.Spec?.NodeName is { } n && deletedNodes.Contains(n)).ToList();
        await DeleteAllAsync(orphaned, condition, "bound to a node that no longer exists", ct);
    }

    /// <summary>Upstream's markFailedAndDeletePod: a pod not yet finished is marked Failed first, then force-deleted.</summary>
    private Task DeleteAllAsync(IReadOnlyList<V1Pod> victims, V1PodCondition? condition, string reason, CancellationToken ct) =>
        Parallel.ForEachAsync(victims, new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = ct }, async (pod, token) =>
        {
            var key = CacheKeys.For(pod);
            LogDeleting(logger, key, reason);
            try
            {
                if (pod.Status?.Phase is not ("Succeeded" or "Failed"))
                {
                    await control.MarkFailedAsync(pod, condition, token);
                }

                await control.ForceDeleteAsync(pod, token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogDeleteFailed(logger, e, key);
            }
        });

    [LoggerMessage(EventId = 420, Level = LogLevel.Information, Message = "pod garbage collector: force-deleting pod {Pod}: {Reason}")]
    private static partial void LogDeleting(ILogger logger, string pod, string reason);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "pod garbage collector: deleting pod {Pod} failed; a later pass retries")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string pod);

    [LoggerMessage(EventId = 422, Level = LogLevel.Warning, Message = "pod garbage collector: checking whether node {Node} exists failed; its pods stay for now")]
    private static partial void LogNodeCheckFailed(ILogger logger, Exception exception, string node);
}
