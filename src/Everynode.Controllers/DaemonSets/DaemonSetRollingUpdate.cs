using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Upstream's rollingUpdate (pkg/controller/daemon/update.go) as a plan: which old pods go and which nodes get a
/// new pod beside their old one, within maxUnavailable / maxSurge. Runs after manage, only when expectations are
/// satisfied; manage creates the replacement pods of the classic path on the next sync.
/// </summary>
public static class DaemonSetRollingUpdate
{
    /// <summary>
    /// Plans one pass. Nodes are visited in name order (upstream walks a Go map), so a pass is deterministic.
    /// </summary>
    /// <remarks>
    /// Classic path (maxSurge 0). Assumes manage keeps at most one pod per node, creates pods on empty nodes and
    /// handles failed pods. Invariants: the nodes without an available pod — no pod, an unavailable new pod, an
    /// old and a new pod together, excess pods — never exceed maxUnavailable because of a deletion made here; an
    /// old pod that is already unavailable is always replaced (it costs no availability); deleting pods count
    /// for nothing, so a node that is down cannot hold a rollout forever.
    /// Surge path (maxSurge > 0). Assumes manage keeps at most one old and one new pod per node. Invariants: a
    /// node whose old pod is unavailable gets its new pod at once; an old pod is deleted only once the new pod
    /// beside it is available (minReadySeconds included); at most maxSurge new pods are in flight beside
    /// available old pods; an available old pod on a node that should no longer run the daemon is deleted only
    /// while more pods are available than desired (surge promises full availability).
    /// </remarks>
    public static RollingUpdatePlan Plan(
        V1DaemonSet ds,
        IEnumerable<V1Node> nodes,
        IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> nodeToDaemonPods,
        string hash,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(nodeToDaemonPods);
        var nodesByName = new Dictionary<string, V1Node>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            nodesByName[node.Metadata?.Name ?? string.Empty] = node;
        }

        var counts = UpdatedDesiredNodeCounts(ds, nodesByName.Values, nodeToDaemonPods);
        var context = new PassContext(ds, hash, now, nodesByName, counts);
        var perNode = nodeToDaemonPods.Keys
            .Concat(counts.NodesWithoutPods)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(name => (Name: name, Pods: nodeToDaemonPods.TryGetValue(name, out var pods) ? pods : []))
            .ToList();
        var oldRemaining = perNode.Count(n => FindUpdatedPodsOnNode(ds, n.Pods, hash) is { Ok: true, Old: not null });
        return counts.MaxSurge == 0
            ? ClassicPass(perNode, context) with { OldPodsRemaining = oldRemaining }
            : SurgePass(perNode, context) with { OldPodsRemaining = oldRemaining };
    }

    /// <summary>
    /// Upstream's updatedDesiredNodeCounts: the nodes that should run the daemon pod, and maxSurge / maxUnavailable
    /// scaled to their number (percentages round up). A RollingUpdate with both at 0 — impossible after
    /// validation, but not after a bad write — falls back to one unavailable pod.
    /// </summary>
    public static RollingUpdateCounts UpdatedDesiredNodeCounts(
        V1DaemonSet ds, IEnumerable<V1Node> nodes, IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> nodeToDaemonPods)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(nodeToDaemonPods);
        var desired = 0;
        var withoutPods = new List<string>();
        var predicate = DaemonSetPredicates.For(ds);
        foreach (var node in nodes)
        {
            if (!predicate.Evaluate(node).ShouldRun)
            {
                continue;
            }

            desired++;
            var name = node.Metadata?.Name ?? string.Empty;
            if (!nodeToDaemonPods.ContainsKey(name))
            {
                withoutPods.Add(name);
            }
        }

        var maxUnavailable = DaemonSetUpdateStrategy.UnavailableCount(ds, desired)
            ?? throw new InvalidOperationException($"invalid value for MaxUnavailable: {ds.Spec?.UpdateStrategy?.RollingUpdate?.MaxUnavailable?.Value}");
        var maxSurge = DaemonSetUpdateStrategy.SurgeCount(ds, desired)
            ?? throw new InvalidOperationException($"invalid value for MaxSurge: {ds.Spec?.UpdateStrategy?.RollingUpdate?.MaxSurge?.Value}");
        if (desired > 0 && maxUnavailable == 0 && maxSurge == 0)
        {
            maxUnavailable = 1;
        }

        return new RollingUpdateCounts(maxSurge, maxUnavailable, desired, withoutPods);
    }

    /// <summary>
    /// Upstream's findUpdatedPodsOnNode: the node's one new-template pod and one old pod, ignoring pods being
    /// deleted; not Ok when there are two of either (manage removes the excess first).
    /// </summary>
    public static (V1Pod? New, V1Pod? Old, bool Ok) FindUpdatedPodsOnNode(V1DaemonSet ds, IEnumerable<V1Pod> podsOnNode, string hash)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(podsOnNode);
        var generation = DaemonPodTemplate.GetTemplateGeneration(ds);
        V1Pod? newPod = null;
        V1Pod? oldPod = null;
        foreach (var pod in podsOnNode)
        {
            if (PodReadiness.IsBeingDeleted(pod))
            {
                continue;
            }

            if (DaemonSetStatusCalculator.IsPodUpdated(pod, hash, generation))
            {
                if (newPod is not null)
                {
                    return (null, null, false);
                }

                newPod = pod;
            }
            else
            {
                if (oldPod is not null)
                {
                    return (null, null, false);
                }

                oldPod = pod;
            }
        }

        return (newPod, oldPod, true);
    }

    private static RollingUpdatePlan ClassicPass(List<(string Name, IReadOnlyList<V1Pod> Pods)> perNode, PassContext c)
    {
        var numUnavailable = 0;
        var mustReplace = new List<string>();
        var candidates = new List<string>();
        foreach (var (_, pods) in perNode)
        {
            var (newPod, oldPod, ok) = FindUpdatedPodsOnNode(c.Ds, pods, c.Hash);
            if (!ok || (newPod is null) == (oldPod is null))
            {
                // Excess pods, no pod, or old and new together: manage is about to act here; it is unavailable.
                numUnavailable++;
            }
            else if (newPod is not null)
            {
                numUnavailable += c.IsAvailable(newPod) ? 0 : 1;
            }
            else if (!c.IsAvailable(oldPod!))
            {
                mustReplace.Add(PodName(oldPod!));
                numUnavailable++;
            }
            else if (numUnavailable < c.Counts.MaxUnavailable)
            {
                candidates.Add(PodName(oldPod!));
            }
        }

        var remaining = Math.Clamp(c.Counts.MaxUnavailable - numUnavailable, 0, candidates.Count);
        return c.Plan([.. mustReplace, .. candidates.Take(remaining)], []);
    }

    private static RollingUpdatePlan SurgePass(List<(string Name, IReadOnlyList<V1Pod> Pods)> perNode, PassContext c)
    {
        var oldPodsToDelete = new List<string>();
        var shouldNotRunPodsToDelete = new List<string>();
        var candidateNewNodes = new List<string>();
        var allowedNewNodes = new List<string>();
        int numSurge = 0, numAvailable = 0;
        foreach (var (nodeName, pods) in perNode)
        {
            var (newPod, oldPod, ok) = FindUpdatedPodsOnNode(c.Ds, pods, c.Hash);
            if (!ok)
            {
                // Excess pods: manage prunes them; count the node as surging meanwhile.
                numSurge++;
                continue;
            }

            // Availability counts on every node, also those being sunset by a scheduling change.
            if ((oldPod ?? newPod) is { } counted && c.IsAvailable(counted))
            {
                numAvailable++;
            }

            if (oldPod is null)
            {
                continue;
            }

            if (newPod is null)
            {
                if (!c.IsAvailable(oldPod) && !c.ShouldRun(nodeName))
                {
                    oldPodsToDelete.Add(PodName(oldPod));
                }
                else if (!c.IsAvailable(oldPod))
                {
                    // Nothing to lose here: the new pod starts at once, outside the surge budget.
                    allowedNewNodes.Add(nodeName);
                }
                else if (!c.ShouldRun(nodeName))
                {
                    shouldNotRunPodsToDelete.Add(PodName(oldPod));
                }
                else if (numSurge < c.Counts.MaxSurge)
                {
                    candidateNewNodes.Add(nodeName);
                }

                continue;
            }

            if (!c.IsAvailable(newPod))
            {
                numSurge++;
            }
            else
            {
                oldPodsToDelete.Add(PodName(oldPod));
            }
        }

        var deletable = Math.Clamp(numAvailable - c.Counts.DesiredNumberScheduled, 0, shouldNotRunPodsToDelete.Count);
        oldPodsToDelete.AddRange(shouldNotRunPodsToDelete.Take(deletable));
        var remainingSurge = Math.Clamp(c.Counts.MaxSurge - numSurge, 0, candidateNewNodes.Count);
        return c.Plan(oldPodsToDelete, [.. allowedNewNodes, .. candidateNewNodes.Take(remainingSurge)]);
    }

    private static string PodName(V1Pod pod) => pod.Metadata?.Name ?? string.Empty;

    private sealed class PassContext(
        V1DaemonSet ds, string hash, DateTimeOffset now, Dictionary<string, V1Node> nodes, RollingUpdateCounts counts)
    {
        private readonly DaemonNodePredicate _predicate = DaemonSetPredicates.For(ds);

        public V1DaemonSet Ds { get; } = ds;

        public string Hash { get; } = hash;

        public RollingUpdateCounts Counts { get; } = counts;

        public bool IsAvailable(V1Pod pod) => PodReadiness.IsPodAvailable(pod, Ds.Spec?.MinReadySeconds ?? 0, now);

        /// <summary>A node that is gone should not run anything (upstream errors out and retries until pod GC acts).</summary>
        public bool ShouldRun(string nodeName) =>
            nodes.TryGetValue(nodeName, out var node) && _predicate.Evaluate(node).ShouldRun;

        public RollingUpdatePlan Plan(IReadOnlyList<string> deletes, IReadOnlyList<string> creates) =>
            new(deletes, creates, Counts.MaxSurge, Counts.MaxUnavailable, Counts.DesiredNumberScheduled, 0);
    }
}
