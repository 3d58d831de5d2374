using Everynode.Api.Scheduling;
using Everynode.Client.Informers;
using Everynode.Scheduler.Cache;
using Everynode.Scheduler.Queue;
using k8s.Models;

namespace Everynode.Scheduler;

/// <summary>
/// Informer events mapped to cache and queue changes (upstream eventhandlers.go). Assigned pods of any scheduler
/// hold room on their nodes; unassigned pods that name this scheduler wait in the queue. Terminal pods hold no
/// room (upstream's pod informer filters them out), so a pod that finishes counts as an assigned-pod delete.
/// </summary>
public sealed partial class Scheduler
{
    private void RegisterEventHandlers()
    {
        _nodes.AddEventHandler(new InformerHandler<V1Node>
        {
            Added = OnNodeAdded,
            Updated = OnNodeUpdated,
            Deleted = (node, _) => OnNodeDeleted(node),
        });
        _pods.AddEventHandler(new InformerHandler<V1Pod>
        {
            Added = OnPodAdded,
            Updated = OnPodUpdated,
            Deleted = (pod, _) => OnPodDeleted(pod),
        });
    }

    internal void OnNodeAdded(V1Node node)
    {
        lock (_gate)
        {
            _cache.AddOrUpdateNode(node);
            _queue.MoveAllToActiveOrBackoff(ClusterEvent.NodeAdd);
        }

        Wake();
    }

    internal void OnNodeUpdated(V1Node oldNode, V1Node newNode)
    {
        if (!NodeSchedulingProperties.Changed(oldNode, newNode))
        {
            return;
        }

        lock (_gate)
        {
            _cache.AddOrUpdateNode(newNode);
            _queue.MoveAllToActiveOrBackoff(ClusterEvent.NodeUpdate);
        }

        Wake();
    }

    internal void OnNodeDeleted(V1Node node)
    {
        lock (_gate)
        {
            _cache.RemoveNode(node.Metadata?.Name ?? "");
        }
    }

    internal void OnPodAdded(V1Pod pod)
    {
        if (IsAssigned(pod))
        {
            if (!IsTerminal(pod))
            {
                lock (_gate)
                {
                    _cache.AddOrUpdatePod(pod);
                }
            }

            return;
        }

        if (IsPendingForUs(pod))
        {
            lock (_gate)
            {
                _queue.Add(pod);
            }

            Wake();
        }
    }

    internal void OnPodUpdated(V1Pod oldPod, V1Pod newPod)
    {
        var key = PodInfo.KeyOf(newPod);
        if (IsAssigned(newPod))
        {
            var freed = false;
            lock (_gate)
            {
                // Bound, by this scheduler or anyone: it leaves the queue (and, if it was assumed, is confirmed).
                _queue.Delete(key);
                if (IsTerminal(newPod))
                {
                    freed = _cache.RemovePod(key);
                    if (freed)
                    {
                        _queue.MoveAllToActiveOrBackoff(ClusterEvent.AssignedPodDelete);
                    }
                }
                else
                {
                    _cache.AddOrUpdatePod(newPod);
                }
            }

            if (freed)
            {
                Wake();
            }

            return;
        }

        if (!IsPendingForUs(newPod))
        {
            lock (_gate)
            {
                _queue.Delete(key);
            }

            return;
        }

        if (IsPendingForUs(oldPod) && !PendingPodChange.AffectsScheduling(oldPod, newPod))
        {
            return;
        }

        lock (_gate)
        {
            _queue.Add(newPod);
        }

        Wake();
    }

    internal void OnPodDeleted(V1Pod pod)
    {
        var key = PodInfo.KeyOf(pod);
        bool freed;
        lock (_gate)
        {
            _queue.Delete(key);

            // Also covers a pod deleted while assumed: its binding will fail, and its room is free now.
            freed = _cache.RemovePod(key);
            if (freed)
            {
                _queue.MoveAllToActiveOrBackoff(ClusterEvent.AssignedPodDelete);
            }
        }

        if (freed)
        {
            Wake();
        }
    }

    private static bool IsAssigned(V1Pod pod) => !string.IsNullOrEmpty(pod.Spec?.NodeName);

    private static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Unassigned, not being deleted, and naming this scheduler (an empty name means the default one).</summary>
    private bool IsPendingForUs(V1Pod pod) =>
        !IsAssigned(pod)
        && pod.Metadata?.DeletionTimestamp is null
        && string.Equals(
            string.IsNullOrEmpty(pod.Spec?.SchedulerName) ? SchedulerMessages.Component : pod.Spec.SchedulerName,
            _options.SchedulerName,
            StringComparison.Ordinal);
}
