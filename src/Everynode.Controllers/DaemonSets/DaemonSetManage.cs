using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Upstream's manage / podsShouldBeOnNode: which nodes need a daemon pod and which daemon pods must go.</summary>
public static class DaemonSetManage
{
    /// <summary>
    /// Plans creates and deletes for every node in <paramref name="nodes"/>, plus deletes of never-scheduled pods
    /// aimed at nodes that no longer exist. Pods already bound to a vanished node are left to pod GC.
    /// </summary>
    /// <param name="nodeToDaemonPods">The claimed pods grouped by <see cref="NodeToDaemonPods.Group"/> (no deleted terminal pods).</param>
    /// <param name="hash">The current revision hash (tells new pods from old ones when surging).</param>
    public static ManagePlan Plan(
        V1DaemonSet ds,
        IEnumerable<V1Node> nodes,
        IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> nodeToDaemonPods,
        string hash,
        FailedPodBackoff backoff,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(nodeToDaemonPods);
        ArgumentNullException.ThrowIfNull(backoff);
        var state = new NodeState(ds, hash, now, backoff);
        var nodeNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var name = node.Metadata?.Name ?? string.Empty;
            nodeNames.Add(name);
            var pods = nodeToDaemonPods.TryGetValue(name, out var found) ? found : null;
            PodsShouldBeOnNode(node, pods, state);
        }

        foreach (var (nodeName, pods) in nodeToDaemonPods.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (nodeNames.Contains(nodeName))
            {
                continue;
            }

            // Never scheduled onto a node that is now gone: no kubelet will run it and pod GC only removes bound pods.
            state.Delete.AddRange(pods.Where(p => string.IsNullOrEmpty(p.Spec?.NodeName)).Select(PodName));
        }

        return new ManagePlan(state.Create, state.Delete, state.Events, state.RequeueAfter, state.Backoff);
    }

    /// <summary>
    /// One node. Invariants: without surge at most one non-terminal, non-deleting pod is kept per node (the first in
    /// <see cref="PodByCreationTimestampAndPhase"/> order); with surge at most two — the oldest new-hash pod and the
    /// oldest old-hash pod — and the old one only while it is Ready and the new one is not yet Available. Pods being
    /// deleted are never deleted again and still occupy the node, so no replacement is created beside them.
    /// </summary>
    private static void PodsShouldBeOnNode(V1Node node, IReadOnlyList<V1Pod>? daemonPods, NodeState state)
    {
        var nodeName = node.Metadata?.Name ?? string.Empty;
        var (shouldRun, shouldContinueRunning) = state.Predicate.Evaluate(node);
        var exists = daemonPods is { Count: > 0 };
        if (shouldRun && !exists)
        {
            state.Create.Add(nodeName);
            return;
        }

        if (!shouldContinueRunning)
        {
            state.Delete.AddRange((daemonPods ?? []).Where(p => !PodReadiness.IsBeingDeleted(p)).Select(PodName));
            return;
        }

        var running = new List<V1Pod>();
        foreach (var pod in daemonPods ?? [])
        {
            if (PodReadiness.IsBeingDeleted(pod))
            {
                continue;
            }

            switch (pod.Status?.Phase)
            {
                case "Failed":
                    HandleFailedPod(pod, nodeName, state);
                    break;
                case "Succeeded":
                    state.Events.Add(DaemonSetEvents.SucceededDaemonPod(pod, nodeName));
                    state.Delete.Add(PodName(pod));
                    break;
                default:
                    running.Add(pod);
                    break;
            }
        }

        if (!DaemonSetUpdateStrategy.AllowsSurge(state.Ds))
        {
            state.Delete.AddRange(PodByCreationTimestampAndPhase.Sort(running).Skip(1).Select(PodName));
            return;
        }

        if (running.Count <= 1)
        {
            if (running.Count == 0 && shouldRun)
            {
                state.Create.Add(nodeName);
            }

            return;
        }

        KeepOldestNewAndOldestOld(running, state);
    }

    // A kubelet that rejects a pod makes it Failed at once; the backoff keeps us from recreating it in a hot loop.
    private static void HandleFailedPod(V1Pod pod, string nodeName, NodeState state)
    {
        var key = FailedPodBackoff.Key(state.Ds, nodeName);
        if (state.Backoff.IsInBackOffSinceUpdate(key, state.Now))
        {
            var delay = state.Backoff.Get(key);
            state.RequeueAfter = state.RequeueAfter is { } earlier && earlier < delay ? earlier : delay;
            return;
        }

        state.Backoff = state.Backoff.Next(key, state.Now);
        state.Events.Add(DaemonSetEvents.FailedDaemonPod(pod, nodeName));
        state.Delete.Add(PodName(pod));
    }

    private static void KeepOldestNewAndOldestOld(List<V1Pod> running, NodeState state)
    {
        V1Pod? oldestNew = null;
        V1Pod? oldestOld = null;
        foreach (var pod in PodByCreationTimestampAndPhase.Sort(running))
        {
            var isNew = pod.Metadata?.Labels?.TryGetValue(DaemonSetLabels.ControllerRevisionHash, out var h) == true
                && h == state.Hash;
            if (isNew && oldestNew is null)
            {
                oldestNew = pod;
            }
            else if (!isNew && oldestOld is null)
            {
                oldestOld = pod;
            }
            else
            {
                state.Delete.Add(PodName(pod));
            }
        }

        if (oldestNew is not null && oldestOld is not null
            && (!PodReadiness.IsPodReady(oldestOld)
                || PodReadiness.IsPodAvailable(oldestNew, state.Ds.Spec?.MinReadySeconds ?? 0, state.Now)))
        {
            state.Delete.Add(PodName(oldestOld));
        }
    }

    private static string PodName(V1Pod pod) => pod.Metadata?.Name ?? string.Empty;

    private sealed class NodeState(V1DaemonSet ds, string hash, DateTimeOffset now, FailedPodBackoff backoff)
    {
        public V1DaemonSet Ds { get; } = ds;

        public DaemonNodePredicate Predicate { get; } = DaemonSetPredicates.For(ds);

        public string Hash { get; } = hash;

        public DateTimeOffset Now { get; } = now;

        public FailedPodBackoff Backoff { get; set; } = backoff;

        public TimeSpan? RequeueAfter { get; set; }

        public List<string> Create { get; } = [];

        public List<string> Delete { get; } = [];

        public List<DaemonSetEvent> Events { get; } = [];
    }
}
