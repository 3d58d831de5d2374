using Everynode.Api.Selectors;
using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>
/// Informer handlers: each maps an event to the ReplicaSet keys it may concern and queues them; pod handlers also
/// observe expectations. Handlers never write and never mutate what they are handed.
/// </summary>
public sealed partial class ReplicaSetController
{
    private void RegisterHandlers()
    {
        _replicaSets.AddEventHandler(new InformerHandler<V1ReplicaSet>
        {
            Added = rs => Enqueue(CacheKeys.For(rs)),
            Updated = OnReplicaSetUpdate,
            Deleted = (rs, _) => OnReplicaSetDelete(rs),
        });
        _pods.AddEventHandler(new InformerHandler<V1Pod>
        {
            Added = OnPodAdd, Updated = OnPodUpdate, Deleted = (pod, _) => OnPodDelete(pod),
        });
    }

    internal void OnReplicaSetUpdate(V1ReplicaSet oldRs, V1ReplicaSet curRs)
    {
        if (oldRs.Metadata?.Uid != curRs.Metadata?.Uid)
        {
            OnReplicaSetDelete(oldRs);
        }

        Enqueue(CacheKeys.For(curRs));
    }

    internal void OnReplicaSetDelete(V1ReplicaSet rs)
    {
        var key = CacheKeys.For(rs);
        _expectations.Delete(key);
        Enqueue(key);
    }

    internal void OnPodAdd(V1Pod pod)
    {
        if (pod.Metadata?.DeletionTimestamp is not null)
        {
            // Seen for the first time already terminating (e.g. after a restart): no creation to observe.
            OnPodDelete(pod);
            return;
        }

        if (ControllerRefManager.GetControllerOf(pod.Metadata) is not null)
        {
            if (ResolveControllerRef(pod.Metadata?.NamespaceProperty, pod.Metadata) is { } rs)
            {
                var key = CacheKeys.For(rs);
                _expectations.CreationObserved(key);
                Enqueue(key);
            }

            return;
        }

        EnqueueSelecting(pod.Metadata?.NamespaceProperty, pod.Metadata?.Labels);
    }

    internal void OnPodUpdate(V1Pod oldPod, V1Pod curPod)
    {
        if (oldPod.Metadata?.ResourceVersion == curPod.Metadata?.ResourceVersion)
        {
            return;
        }

        if (curPod.Metadata?.DeletionTimestamp is not null)
        {
            // A graceful delete starts: count it now, so the replacement is not held up by the grace period.
            if (oldPod.Metadata?.DeletionTimestamp is null)
            {
                OnPodDelete(curPod);
            }
            else if (ResolveControllerRef(curPod.Metadata.NamespaceProperty, curPod.Metadata) is { } deleting)
            {
                Enqueue(CacheKeys.For(deleting));
            }

            return;
        }

        var ns = curPod.Metadata?.NamespaceProperty;
        var oldOwner = ControllerRefManager.GetControllerOf(oldPod.Metadata);
        var curOwner = ControllerRefManager.GetControllerOf(curPod.Metadata);
        var ownerChanged = oldOwner?.Uid != curOwner?.Uid;
        if (ownerChanged && ResolveControllerRef(ns, oldPod.Metadata) is { } oldRs)
        {
            Enqueue(CacheKeys.For(oldRs));
        }

        if (curOwner is not null)
        {
            if (ResolveControllerRef(ns, curPod.Metadata) is { } rs)
            {
                var key = CacheKeys.For(rs);
                Enqueue(key);
                var minReadySeconds = rs.Spec?.MinReadySeconds ?? 0;
                if (minReadySeconds > 0 && !PodReadiness.IsPodReady(oldPod) && PodReadiness.IsPodReady(curPod))
                {
                    _runner.Queue.AddAfter(key, TimeSpan.FromSeconds(minReadySeconds + 1));
                }
            }

            return;
        }

        if (ownerChanged || !LabelsEqual(oldPod.Metadata?.Labels, curPod.Metadata?.Labels))
        {
            EnqueueSelecting(ns, curPod.Metadata?.Labels);
        }
    }

    internal void OnPodDelete(V1Pod pod)
    {
        if (ResolveControllerRef(pod.Metadata?.NamespaceProperty, pod.Metadata) is not { } rs)
        {
            return;
        }

        var key = CacheKeys.For(rs);
        _expectations.DeletionObserved(key);
        Enqueue(key);
    }

    /// <summary>The ReplicaSet the controllerRef names, if it is in the cache with that UID.</summary>
    private V1ReplicaSet? ResolveControllerRef(string? ns, V1ObjectMeta? metadata)
    {
        var owner = ControllerRefManager.GetControllerOf(metadata);
        if (owner is null || owner.Kind != ReplicaSetPodTemplate.Kind || !owner.ApiVersion.StartsWith("apps/", StringComparison.Ordinal))
        {
            return null;
        }

        var rs = _replicaSets.Cache.Get(ns, owner.Name);
        return rs is not null && rs.Metadata?.Uid == owner.Uid ? rs : null;
    }

    /// <summary>Queues every ReplicaSet in the namespace whose valid, non-empty selector matches the labels.</summary>
    private void EnqueueSelecting(string? ns, IDictionary<string, string>? labels)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return;
        }

        foreach (var rs in _replicaSets.Cache.ByIndex(Indexers.Namespace, ns))
        {
            try
            {
                var selector = rs.Spec?.Selector;
                if ((selector?.MatchLabels?.Count ?? 0) + (selector?.MatchExpressions?.Count ?? 0) > 0
                    && LabelSelector.FromLabelSelector(selector).Matches(labels))
                {
                    Enqueue(CacheKeys.For(rs));
                }
            }
            catch (SelectorParseException)
            {
                // Validation should have refused it; such a ReplicaSet selects nothing.
            }
        }
    }

    private static bool LabelsEqual(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
    }
}
