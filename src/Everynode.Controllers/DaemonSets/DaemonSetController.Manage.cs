using System.Collections.Concurrent;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>manage and syncNodes: carry out the create / delete plan under expectations.</summary>
public sealed partial class DaemonSetController
{
    /// <summary>Plans and carries out manage; true when it issued any create or delete.</summary>
    private async Task<bool> ManageAsync(
        string key, V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyList<V1Pod> pods, string hash, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var backoff = _failedPodBackoff.GetValueOrDefault(key, FailedPodBackoff.Default).GC(now);
        var plan = DaemonSetManage.Plan(ds, nodes, NodeToDaemonPods.Group(pods), hash, backoff, now);
        _failedPodBackoff[key] = plan.Backoff;
        foreach (var e in plan.Events)
        {
            Record(ds, e);
        }

        if (plan.RequeueAfter is { } delay)
        {
            EnqueueAfter(key, delay);
        }

        await SyncNodesAsync(key, ds, plan.NodesNeedingDaemonPods, plan.PodsToDelete, hash, ct);
        return plan.NodesNeedingDaemonPods.Count > 0 || plan.PodsToDelete.Count > 0;
    }

    /// <summary>
    /// Upstream's syncNodes. Invariants: expectations are set for every call before the first call is made (a pod
    /// event may arrive before the call returns); every call that fails, or is never made, lowers them again, so
    /// the next sync is never blocked by a write that cannot be observed. Creates go out in slow-start batches
    /// (1, 2, 4, …, each batch concurrently); a batch with any failure ends the creates for this sync, so a quota
    /// or admission error costs one call rather than hundreds. Deletes all go out concurrently.
    /// </summary>
    private async Task SyncNodesAsync(
        string key,
        V1DaemonSet ds,
        IReadOnlyList<string> nodesNeedingDaemonPods,
        IReadOnlyList<string> podsToDelete,
        string hash,
        CancellationToken ct)
    {
        var plan = SyncNodesPlan.Create(nodesNeedingDaemonPods, podsToDelete, _options.BurstReplicas);
        if (plan.NodesToCreate.Count == 0 && plan.PodsToDelete.Count == 0)
        {
            return;
        }

        _expectations.Set(key, plan.Expectations(_time.GetUtcNow()));
        var errors = new ConcurrentQueue<Exception>();
        var generation = DaemonPodTemplate.GetTemplateGeneration(ds);
        for (var i = 0; i < plan.CreateBatches.Count; i++)
        {
            var failuresBefore = errors.Count;
            await Task.WhenAll(plan.CreateBatches[i].Select(node => CreateDaemonPodAsync(key, ds, node, hash, generation, errors, ct)));
            if (errors.Count > failuresBefore)
            {
                var skipped = plan.SkippedCreatesAfter(i);
                if (skipped > 0)
                {
                    LogSkippedCreates(_logger, key, skipped);
                    _expectations.Lower(key, skipped, 0);
                }

                break;
            }
        }

        await Task.WhenAll(plan.PodsToDelete.Select(name => DeleteDaemonPodAsync(key, ds, name, errors, ct)));
        if (!errors.IsEmpty)
        {
            throw errors.Count == 1 ? errors.First() : new AggregateException(errors);
        }
    }

    private async Task CreateDaemonPodAsync(
        string key, V1DaemonSet ds, string nodeName, string hash, long? generation, ConcurrentQueue<Exception> errors, CancellationToken ct)
    {
        var pod = DaemonPodTemplate.NewDaemonPod(ds, nodeName, hash, generation);
        if (pod.Metadata.Labels is not { Count: > 0 })
        {
            _expectations.CreationObserved(key);
            errors.Enqueue(new InvalidOperationException("unable to create pods, no labels"));
            return;
        }

        try
        {
            var created = await _control.CreatePodAsync(ds.Metadata.NamespaceProperty, pod, ct);
            Record(ds, DaemonSetEvents.SuccessfulCreate(created.Metadata?.Name ?? string.Empty));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The pod will never be observed: stop waiting for it.
            _expectations.CreationObserved(key);
            if (ApiErrors.IsNamespaceTerminating(e))
            {
                // Every later create fails the same way and the DaemonSet is about to go: nothing to report.
                return;
            }

            Record(ds, DaemonSetEvents.FailedCreate(ApiErrors.Message(e)));
            LogCreateFailed(_logger, e, key, nodeName);
            errors.Enqueue(e);
        }
    }

    private async Task DeleteDaemonPodAsync(
        string key, V1DaemonSet ds, string podName, ConcurrentQueue<Exception> errors, CancellationToken ct)
    {
        try
        {
            await _control.DeletePodAsync(ds.Metadata.NamespaceProperty, podName, ct);
            Record(ds, DaemonSetEvents.SuccessfulDelete(podName));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _expectations.DeletionObserved(key);
            if (ApiErrors.IsNotFound(e))
            {
                return;
            }

            Record(ds, DaemonSetEvents.FailedDelete(ApiErrors.Message(e)));
            LogDeleteFailed(_logger, e, key, podName);
            errors.Enqueue(e);
        }
    }
}
