using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Scheduler.Framework;

/// <summary>
/// The cluster as one scheduling cycle sees it: every node with the pods assigned to it. Nodes keep the order
/// they were given in, which is the order filters run and ties are met in.
/// Terminal pods (Succeeded, Failed) hold nothing on a node and are left out, as upstream's informer for
/// assigned pods leaves them out; pods naming a node that is not in the snapshot are ignored.
/// </summary>
internal sealed class Snapshot
{
    private readonly List<NodeInfo> _nodes = [];
    private readonly Dictionary<string, NodeInfo> _byName = new(StringComparer.Ordinal);

    public IReadOnlyList<NodeInfo> Nodes => _nodes;

    public int Count => _nodes.Count;

    public static Snapshot Create(IEnumerable<V1Node> nodes, IEnumerable<V1Pod> assignedPods)
    {
        var snapshot = new Snapshot();
        foreach (var node in nodes)
        {
            snapshot.AddNode(node);
        }

        foreach (var pod in assignedPods)
        {
            if (pod.Spec?.NodeName is { Length: > 0 } nodeName && !IsTerminal(pod))
            {
                snapshot.Get(nodeName)?.AddPod(pod);
            }
        }

        return snapshot;
    }

    public void AddNode(V1Node node)
    {
        var info = new NodeInfo(node);
        if (_byName.TryGetValue(info.Name, out var existing))
        {
            _nodes[_nodes.IndexOf(existing)] = info;
        }
        else
        {
            _nodes.Add(info);
        }

        _byName[info.Name] = info;
    }

    /// <summary>Removes a node and everything on it; returns false if it was not in the snapshot.</summary>
    public bool RemoveNode(string nodeName)
    {
        if (!_byName.Remove(nodeName, out var info))
        {
            return false;
        }

        _nodes.Remove(info);
        return true;
    }

    public NodeInfo? Get(string nodeName) => _byName.GetValueOrDefault(nodeName);

    /// <summary>
    /// Records that a pod is being bound to a node before the binding is confirmed, so that the next pod in the
    /// same cycle sees the node's resources and ports as taken (upstream "assume").
    /// </summary>
    public bool Assume(V1Pod pod, string nodeName)
    {
        var node = Get(nodeName);
        node?.AddPod(pod);
        return node is not null;
    }

    /// <summary>Undoes an assume when the binding failed.</summary>
    public bool Forget(V1Pod pod, string nodeName) => Get(nodeName)?.RemovePod(PodInfo.KeyOf(pod)) ?? false;

    private static bool IsTerminal(V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";
}
