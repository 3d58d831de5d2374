using System.Collections.Concurrent;
using Everynode.Api.Selectors;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>Claiming pods and manageReplicas: carry out the create / delete plan under expectations.</summary>
public sealed partial class ReplicaSetController
{
    public const string SuccessfulCreate = "SuccessfulCreate";
    public const string FailedCreate = "FailedCreate";
    public const string SuccessfulDelete = "SuccessfulDelete";
    public const string FailedDelete = "FailedDelete";

    /// <summary>
    /// The pods this ReplicaSet controls after claiming every pod in its namespace: orphans that match are adopted
    /// (after an uncached check that the ReplicaSet is still there and not being deleted), owned pods that no longer
    /// match are released.
    /// </summary>
    private async Task<List<V1Pod>> ClaimPodsAsync(V1ReplicaSet rs, LabelSelector selector, CancellationToken ct)
    {
        var ns = rs.Metadata.NamespaceProperty;
        var plan = ControllerRefManager.Claim(rs.Metadata, selector, _pods.Cache.ByIndex(Indexers.Namespace, ns));
        var claimed = new List<V1Pod>(plan.Owned);
        if (plan.ToAdopt.Count > 0)
        {
            var fresh = await _control.GetReplicaSetAsync(ns, rs.Metadata.Name, ct);
            if (fresh.Metadata?.Uid != rs.Metadata.Uid || fresh.Metadata.DeletionTimestamp is not null)
            {
                throw new InvalidOperationException($"replicaset {CacheKeys.For(rs)} is gone or being deleted; not adopting pods");
            }
        }

        var controllerRef = ReplicaSetPodTemplate.NewControllerRef(rs.Metadata, ReplicaSetPodTemplate.ApiVersion, ReplicaSetPodTemplate.Kind);
        foreach (var pod in plan.ToAdopt)
        {
            if (await IgnoreNotFoundAsync(() => _control.PatchPodAsync(ns, pod.Metadata.Name, ControllerRefManager.AdoptPatch(controllerRef, pod.Metadata.Uid), ct)) is { } adopted)
            {
                claimed.Add(adopted);
            }
        }

        foreach (var pod in plan.ToRelease)
        {
            await IgnoreNotFoundAsync(() => _control.PatchPodAsync(ns, pod.Metadata.Name, ControllerRefManager.ReleasePatch(rs.Metadata.Uid, pod.Metadata.Uid), ct));
        }

        return claimed;
    }

    /// <summary>
    /// Upstream's manageReplicas. Creates go out in slow-start batches (1, 2, 4, …); a batch with a failure ends the
    /// creates of this sync and lowers the expectations by what was never tried. Deletes go out together.
    /// </summary>
    private async Task ManageReplicasAsync(string key, V1ReplicaSet rs, IReadOnlyList<V1Pod> active, CancellationToken ct)
    {
        var plan = ReplicaSetManage.Plan(rs, active, RelatedPods(rs), _options.BurstReplicas, _time.GetUtcNow());
        var errors = new ConcurrentQueue<Exception>();
        if (plan.Creates > 0)
        {
            _expectations.Set(key, ControllerExpectations.ExpectCreations(plan.Creates, _time.GetUtcNow()));
            var done = 0;
            foreach (var size in SlowStartBatch.Sizes(plan.Creates))
            {
                await Task.WhenAll(Enumerable.Range(0, size).Select(_ => CreatePodAsync(key, rs, errors, ct)));
                done += size;
                if (!errors.IsEmpty)
                {
                    _expectations.Lower(key, plan.Creates - done, 0);
                    break;
                }
            }
        }
        else if (plan.Deletes.Count > 0)
        {
            _expectations.Set(key, ControllerExpectations.ExpectDeletions(plan.Deletes.Count, _time.GetUtcNow()));
            await Task.WhenAll(plan.Deletes.Select(pod => DeletePodAsync(key, rs, pod.Metadata.Name, errors, ct)));
        }

        if (!errors.IsEmpty)
        {
            throw errors.Count == 1 ? errors.First() : new AggregateException(errors);
        }
    }

    /// <summary>
    /// Upstream's getIndirectlyRelatedPods: the active pods of every ReplicaSet with the same controller (the
    /// Deployment's old and new ReplicaSets), so a scale-down keeps the Deployment's pods spread over nodes.
    /// </summary>
    private List<V1Pod> RelatedPods(V1ReplicaSet rs)
    {
        var owner = ControllerRefManager.GetControllerOf(rs.Metadata);
        IEnumerable<V1ReplicaSet> siblings = owner is null
            ? [rs]
            : _replicaSets.Cache.ByIndex(Indexers.ControllerUid, owner.Uid);
        return siblings
            .SelectMany(s => _pods.Cache.ByIndex(Indexers.ControllerUid, s.Metadata.Uid))
            .Where(PodDeletionOrder.IsActive)
            .ToList();
    }

    private async Task CreatePodAsync(string key, V1ReplicaSet rs, ConcurrentQueue<Exception> errors, CancellationToken ct)
    {
        try
        {
            var created = await _control.CreatePodAsync(rs.Metadata.NamespaceProperty, ReplicaSetPodTemplate.NewPod(rs), ct);
            Record(rs, EventTypes.Normal, SuccessfulCreate, $"Created pod: {created.Metadata?.Name}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _expectations.CreationObserved(key);
            if (!ApiErrors.IsNamespaceTerminating(e))
            {
                Record(rs, EventTypes.Warning, FailedCreate, $"Error creating: {ApiErrors.Message(e)}");
                LogCreateFailed(_logger, e, key);
                errors.Enqueue(e);
            }
        }
    }

    private async Task DeletePodAsync(string key, V1ReplicaSet rs, string podName, ConcurrentQueue<Exception> errors, CancellationToken ct)
    {
        try
        {
            await _control.DeletePodAsync(rs.Metadata.NamespaceProperty, podName, ct);
            Record(rs, EventTypes.Normal, SuccessfulDelete, $"Deleted pod: {podName}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _expectations.DeletionObserved(key);
            if (!ApiErrors.IsNotFound(e))
            {
                Record(rs, EventTypes.Warning, FailedDelete, $"Error deleting: {ApiErrors.Message(e)}");
                LogDeleteFailed(_logger, e, key, podName);
                errors.Enqueue(e);
            }
        }
    }

    private static async Task<T?> IgnoreNotFoundAsync<T>(Func<Task<T>> write)
        where T : class
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }
}
