using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Node and ControllerRevision handlers. Nodes change often (status, heartbeats) but only their name, labels
/// and taints decide eligibility, so an update queues just the DaemonSets whose verdict for that node changed.
/// </summary>
public sealed partial class DaemonSetController
{
    internal void OnNodeAdd(V1Node node)
    {
        foreach (var ds in _daemonSets.Cache.List())
        {
            if (DaemonSetPredicates.NodeShouldRunDaemonPod(node, ds).ShouldRun)
            {
                Enqueue(CacheKeys.For(ds));
            }
        }
    }

    internal void OnNodeUpdate(V1Node oldNode, V1Node curNode)
    {
        if (SameLabels(oldNode.Metadata?.Labels, curNode.Metadata?.Labels) && SameTaints(oldNode.Spec?.Taints, curNode.Spec?.Taints))
        {
            return;
        }

        foreach (var ds in _daemonSets.Cache.List())
        {
            var predicate = DaemonSetPredicates.For(ds);
            if (predicate.Evaluate(oldNode) != predicate.Evaluate(curNode))
            {
                var key = CacheKeys.For(ds);
                LogNodeEligibilityChanged(_logger, curNode.Metadata?.Name ?? string.Empty, key);
                Enqueue(key);
            }
        }
    }

    /// <summary>
    /// Upstream has no handler (pod GC removes the pods, and their deletion wakes us). We also queue the
    /// DaemonSets the node counted for, so desiredNumberScheduled drops and pods pinned to the node but never
    /// scheduled are deleted without waiting for an unrelated event.
    /// </summary>
    internal void OnNodeDelete(V1Node node)
    {
        foreach (var ds in _daemonSets.Cache.List())
        {
            var eligibility = DaemonSetPredicates.NodeShouldRunDaemonPod(node, ds);
            if (eligibility.ShouldRun || eligibility.ShouldContinueRunning)
            {
                Enqueue(CacheKeys.For(ds));
            }
        }

        foreach (var pod in _pods.Cache.ByIndex(Indexers.NodeName, node.Metadata?.Name ?? string.Empty))
        {
            if (ResolveControllerRef(pod.Metadata?.NamespaceProperty, pod.Metadata) is { } ds)
            {
                Enqueue(CacheKeys.For(ds));
            }
        }
    }

    /// <summary>Our own new revision needs no sync (we just made it); an orphan may be adopted.</summary>
    internal void OnRevisionAdd(V1ControllerRevision revision)
    {
        if (revision.Metadata?.DeletionTimestamp is not null)
        {
            OnRevisionDelete(revision);
            return;
        }

        if (ControllerRefManager.GetControllerOf(revision.Metadata) is null)
        {
            EnqueueSelecting(revision.Metadata?.NamespaceProperty, revision.Metadata?.Labels);
        }
    }

    internal void OnRevisionUpdate(V1ControllerRevision oldRevision, V1ControllerRevision curRevision)
    {
        if (oldRevision.Metadata?.ResourceVersion == curRevision.Metadata?.ResourceVersion)
        {
            return;
        }

        var ns = curRevision.Metadata?.NamespaceProperty;
        var ownerChanged = ControllerRefManager.GetControllerOf(oldRevision.Metadata)?.Uid
            != ControllerRefManager.GetControllerOf(curRevision.Metadata)?.Uid;
        if (ownerChanged && ResolveControllerRef(ns, oldRevision.Metadata) is { } oldDs)
        {
            Enqueue(CacheKeys.For(oldDs));
        }

        if (ControllerRefManager.GetControllerOf(curRevision.Metadata) is not null)
        {
            if (ResolveControllerRef(ns, curRevision.Metadata) is { } ds)
            {
                Enqueue(CacheKeys.For(ds));
            }

            return;
        }

        if (ownerChanged || !SameLabels(oldRevision.Metadata?.Labels, curRevision.Metadata?.Labels))
        {
            EnqueueSelecting(ns, curRevision.Metadata?.Labels);
        }
    }

    internal void OnRevisionDelete(V1ControllerRevision revision)
    {
        if (ResolveControllerRef(revision.Metadata?.NamespaceProperty, revision.Metadata) is { } ds)
        {
            Enqueue(CacheKeys.For(ds));
        }
    }

    private static bool SameTaints(IList<V1Taint>? a, IList<V1Taint>? b)
    {
        a ??= [];
        b ??= [];
        return a.Count == b.Count
            && a.Zip(b).All(p => p.First.Key == p.Second.Key && p.First.Value == p.Second.Value && p.First.Effect == p.Second.Effect);
    }
}
