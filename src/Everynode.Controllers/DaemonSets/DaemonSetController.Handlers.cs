using Everynode.Api.Selectors;
using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Informer handlers: each maps an event to the DaemonSet keys it may concern and queues them. Pod handlers also
/// observe expectations. Handlers never write to the API and never mutate the objects handed in.
/// </summary>
public sealed partial class DaemonSetController
{
    private void RegisterHandlers()
    {
        _daemonSets.AddEventHandler(new InformerHandler<V1DaemonSet>
        {
            Added = OnDaemonSetAdd, Updated = OnDaemonSetUpdate, Deleted = (ds, _) => OnDaemonSetDelete(ds),
        });
        _pods.AddEventHandler(new InformerHandler<V1Pod>
        {
            Added = OnPodAdd, Updated = OnPodUpdate, Deleted = (pod, _) => OnPodDelete(pod),
        });
        _nodes.AddEventHandler(new InformerHandler<V1Node>
        {
            Added = OnNodeAdd, Updated = OnNodeUpdate, Deleted = (node, _) => OnNodeDelete(node),
        });
        _revisions.AddEventHandler(new InformerHandler<V1ControllerRevision>
        {
            Added = OnRevisionAdd, Updated = OnRevisionUpdate, Deleted = (revision, _) => OnRevisionDelete(revision),
        });
    }

    internal void OnDaemonSetAdd(V1DaemonSet ds) => Enqueue(CacheKeys.For(ds));

    internal void OnDaemonSetUpdate(V1DaemonSet oldDs, V1DaemonSet curDs)
    {
        // Deleted and re-created under the same name while we were not watching: forget the old one first.
        if (oldDs.Metadata?.Uid != curDs.Metadata?.Uid)
        {
            OnDaemonSetDelete(oldDs);
        }

        Enqueue(CacheKeys.For(curDs));
    }

    internal void OnDaemonSetDelete(V1DaemonSet ds)
    {
        var key = CacheKeys.For(ds);
        _expectations.Delete(key);
        Enqueue(key);
    }

    internal void OnPodAdd(V1Pod pod)
    {
        // Seen for the first time already terminating (e.g. after a restart): that is no creation to observe.
        if (pod.Metadata?.DeletionTimestamp is not null)
        {
            PodGone(pod, observeDeletion: true);
            return;
        }

        if (ControllerRefManager.GetControllerOf(pod.Metadata) is not null)
        {
            // Another controller's pod, or a DaemonSet we do not know (any more): nothing to do.
            if (ResolveControllerRef(pod.Metadata?.NamespaceProperty, pod.Metadata) is { } ds)
            {
                var key = CacheKeys.For(ds);
                _expectations.CreationObserved(key);
                Enqueue(key);
            }

            return;
        }

        // An orphan: every DaemonSet that selects it may want to adopt it.
        EnqueueSelecting(pod.Metadata?.NamespaceProperty, pod.Metadata?.Labels);
    }

    internal void OnPodUpdate(V1Pod oldPod, V1Pod curPod)
    {
        if (oldPod.Metadata?.ResourceVersion == curPod.Metadata?.ResourceVersion)
        {
            return;
        }

        // A graceful delete starts: count the deletion now so a replacement is not held up by the grace period.
        // Only on the transition; the final delete event counts once more (see OnPodDelete).
        if (curPod.Metadata?.DeletionTimestamp is not null)
        {
            PodGone(curPod, observeDeletion: oldPod.Metadata?.DeletionTimestamp is null);
            return;
        }

        var ns = curPod.Metadata?.NamespaceProperty;
        var oldOwner = ControllerRefManager.GetControllerOf(oldPod.Metadata);
        var curOwner = ControllerRefManager.GetControllerOf(curPod.Metadata);
        var ownerChanged = oldOwner?.Uid != curOwner?.Uid;
        if (ownerChanged && ResolveControllerRef(ns, oldPod.Metadata) is { } oldDs)
        {
            Enqueue(CacheKeys.For(oldDs));
        }

        if (curOwner is not null)
        {
            if (ResolveControllerRef(ns, curPod.Metadata) is not { } ds)
            {
                return;
            }

            var key = CacheKeys.For(ds);
            Enqueue(key);
            var minReadySeconds = ds.Spec?.MinReadySeconds ?? 0;
            if (minReadySeconds > 0 && !PodReadiness.IsPodReady(oldPod) && PodReadiness.IsPodReady(curPod))
            {
                EnqueueAfter(key, TimeSpan.FromSeconds(minReadySeconds + 1));
            }

            ReportFailedPlacement(ds, oldPod, curPod);
            return;
        }

        if (ownerChanged || !SameLabels(oldPod.Metadata?.Labels, curPod.Metadata?.Labels))
        {
            EnqueueSelecting(ns, curPod.Metadata?.Labels);
        }
    }

    /// <summary>
    /// A pod is gone: always a deletion observed, as upstream counts it — also when the start of its graceful
    /// deletion was counted already. Counting twice only lets a sync go on a little early (a second delete of a
    /// terminating pod changes nothing); not counting a deletion whose start this informer never saw (the pod's last
    /// state already carried a deletionTimestamp) would hold the DaemonSet until its expectations expire.
    /// </summary>
    internal void OnPodDelete(V1Pod pod) => PodGone(pod, observeDeletion: true);

    private void PodGone(V1Pod pod, bool observeDeletion)
    {
        if (ResolveControllerRef(pod.Metadata?.NamespaceProperty, pod.Metadata) is not { } ds)
        {
            return;
        }

        var key = CacheKeys.For(ds);
        if (observeDeletion)
        {
            _expectations.DeletionObserved(key);
        }

        Enqueue(key);
    }

    /// <summary>
    /// The hook for the scheduler's verdict: a daemon pod it marked unschedulable (PodScheduled=False, reason
    /// Unschedulable) cannot run on the one node it is pinned to. Reported once per new verdict, as a Warning
    /// <c>FailedPlacement</c> on the DaemonSet naming the node and quoting the scheduler's message.
    /// </summary>
    private void ReportFailedPlacement(V1DaemonSet ds, V1Pod oldPod, V1Pod curPod)
    {
        if (UnschedulableMessage(curPod) is not { } message || message == UnschedulableMessage(oldPod))
        {
            return;
        }

        var node = DaemonPodNodeAffinity.GetTargetNodeName(curPod) ?? string.Empty;
        Record(ds, DaemonSetEvents.FailedPlacement(node, message));
    }

    private static string? UnschedulableMessage(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable") is { } c
            ? c.Message ?? string.Empty
            : null;

    /// <summary>The DaemonSet the controllerRef names, if it is in the cache with that UID.</summary>
    private V1DaemonSet? ResolveControllerRef(string? ns, V1ObjectMeta? metadata)
    {
        var owner = ControllerRefManager.GetControllerOf(metadata);
        if (owner is null || owner.Kind != DaemonPodTemplate.Kind || !owner.ApiVersion.StartsWith("apps/", StringComparison.Ordinal))
        {
            return null;
        }

        var ds = _daemonSets.Cache.Get(ns, owner.Name);
        return ds is not null && ds.Metadata?.Uid == owner.Uid ? ds : null;
    }

    /// <summary>Queues every DaemonSet in the namespace whose (non-empty, valid) selector matches the labels.</summary>
    private void EnqueueSelecting(string? ns, IDictionary<string, string>? labels)
    {
        if (string.IsNullOrEmpty(ns))
        {
            return;
        }

        foreach (var ds in _daemonSets.Cache.ByIndex(Indexers.Namespace, ns))
        {
            if (DaemonSetSelector.IsSelectingAll(ds))
            {
                continue;
            }

            try
            {
                if (DaemonSetSelector.Selector(ds).Matches(labels))
                {
                    Enqueue(CacheKeys.For(ds));
                }
            }
            catch (SelectorParseException)
            {
                // Validation should have refused it; such a DaemonSet selects nothing.
            }
        }
    }

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        a ??= new Dictionary<string, string>();
        b ??= new Dictionary<string, string>();
        return a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && v == p.Value);
    }
}
