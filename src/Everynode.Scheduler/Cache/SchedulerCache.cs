using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;
using k8s.Models;

namespace Everynode.Scheduler.Cache;

/// <summary>
/// The scheduler's view of the cluster, kept current from informer events (upstream backend/cache): the nodes,
/// the pods bound to them, and the pods assumed (a node was chosen, the binding is in flight). It owns the
/// <see cref="Framework.Snapshot"/> the algorithm reads and changes it in place, so that a scheduling cycle costs
/// nothing per node; upstream copies only changed nodes into its snapshot for the same reason.
/// </summary>
/// <remarks>
/// Invariants: every pod in <c>_nodeOfPod</c> is in <c>_podsByNode</c> under that node, and on that node's
/// NodeInfo whenever the node is in the snapshot; pods of a node not (yet) in the snapshot are kept and attached
/// when it arrives. A key is in <c>_assumed</c> from Assume until the informer shows the pod bound (confirmed), the
/// pod goes away, or the binding fails (forgotten). Not thread-safe: the Scheduler serializes every call.
/// </remarks>
internal sealed class SchedulerCache
{
    private readonly Dictionary<string, Dictionary<string, PodInfo>> _podsByNode = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _nodeOfPod = new(StringComparer.Ordinal);
    private readonly HashSet<string> _assumed = new(StringComparer.Ordinal);

    public Snapshot Snapshot { get; } = new();

    public bool IsAssumed(string podKey) => _assumed.Contains(podKey);

    /// <summary>The node a pod is bound or assumed on, or null.</summary>
    public string? NodeOf(string podKey) => _nodeOfPod.GetValueOrDefault(podKey);

    /// <summary>Adds a node, or replaces it; the pods already known on it are attached to the new NodeInfo.</summary>
    public void AddOrUpdateNode(V1Node node)
    {
        Snapshot.AddNode(node);
        var name = node.Metadata?.Name ?? "";
        if (_podsByNode.TryGetValue(name, out var pods) && Snapshot.Get(name) is { } info)
        {
            foreach (var pod in pods.Values)
            {
                info.AddPod(pod);
            }
        }
    }

    /// <summary>Removes a node. Its pods are kept: they still exist until the API deletes them.</summary>
    public void RemoveNode(string nodeName) => Snapshot.RemoveNode(nodeName);

    /// <summary>A pod bound to a node (new, changed, or the confirmation of an assumed pod).</summary>
    public void AddOrUpdatePod(V1Pod pod)
    {
        var key = PodInfo.KeyOf(pod);
        _assumed.Remove(key);
        Place(key, pod.Spec.NodeName, new PodInfo(pod));
    }

    /// <summary>Removes a bound or assumed pod; returns true if it held room on a node.</summary>
    public bool RemovePod(string podKey)
    {
        _assumed.Remove(podKey);
        return Unplace(podKey);
    }

    /// <summary>Counts a pod against a node before its binding is confirmed, so the next cycle sees the room taken.</summary>
    public void Assume(V1Pod pod, string nodeName)
    {
        var key = PodInfo.KeyOf(pod);
        _assumed.Add(key);
        Place(key, nodeName, new PodInfo(pod));
    }

    /// <summary>Undoes an assume after a failed binding; false if the pod was confirmed or removed meanwhile.</summary>
    public bool ForgetIfAssumed(string podKey) => _assumed.Remove(podKey) && Unplace(podKey);

    private void Place(string key, string nodeName, PodInfo pod)
    {
        Unplace(key);
        if (!_podsByNode.TryGetValue(nodeName, out var pods))
        {
            pods = new Dictionary<string, PodInfo>(StringComparer.Ordinal);
            _podsByNode[nodeName] = pods;
        }

        pods[key] = pod;
        _nodeOfPod[key] = nodeName;
        Snapshot.Get(nodeName)?.AddPod(pod);
    }

    private bool Unplace(string key)
    {
        if (!_nodeOfPod.Remove(key, out var nodeName))
        {
            return false;
        }

        if (_podsByNode.TryGetValue(nodeName, out var pods) && pods.Remove(key) && pods.Count == 0)
        {
            _podsByNode.Remove(nodeName);
        }

        Snapshot.Get(nodeName)?.RemovePod(key);
        return true;
    }
}
