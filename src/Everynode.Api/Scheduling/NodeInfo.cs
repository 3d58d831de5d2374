using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// One node as the scheduler sees it (upstream framework.NodeInfo): the Node, the pods assigned to it, including
/// pods assumed in this scheduling cycle but not yet bound, and totals kept in step with that pod list. The agent's
/// admission builds one from the pods it has admitted, as upstream's kubelet does.
/// Invariants: Requested, NonZeroRequested and UsedPorts are the sums over Pods; a pod key appears at most once.
/// </summary>
public sealed class NodeInfo
{
    private readonly List<PodInfo> _pods = [];

    public NodeInfo(V1Node node)
    {
        Node = node;
        Allocatable = Resource.From(node.Status?.Allocatable);
    }

    public V1Node Node { get; }

    public string Name => Node.Metadata?.Name ?? "";

    public IReadOnlyList<PodInfo> Pods => _pods;

    public Resource Allocatable { get; }

    public Resource Requested { get; } = new();

    public Resource NonZeroRequested { get; } = new();

    public HostPortInfo UsedPorts { get; private set; } = new();

    /// <summary>Adds a pod (bound or assumed); a pod already present is replaced.</summary>
    public void AddPod(V1Pod pod) => AddPod(new PodInfo(pod));

    public void AddPod(PodInfo pod)
    {
        RemovePod(pod.Key);
        _pods.Add(pod);
        Requested.Add(pod.Requests);
        NonZeroRequested.Add(pod.NonZeroRequests);
        foreach (var port in pod.HostPorts)
        {
            UsedPorts.Add(port);
        }
    }

    /// <summary>Removes a pod by namespace/name; returns false if it was not on this node.</summary>
    public bool RemovePod(string key)
    {
        var index = _pods.FindIndex(p => p.Key == key);
        if (index < 0)
        {
            return false;
        }

        var pod = _pods[index];
        _pods.RemoveAt(index);
        Requested.Subtract(pod.Requests);
        NonZeroRequested.Subtract(pod.NonZeroRequests);
        foreach (var port in pod.HostPorts)
        {
            UsedPorts.Remove(port);
        }

        return true;
    }

    /// <summary>A copy whose pod list and totals can change without touching this one (for preemption dry runs).</summary>
    public NodeInfo Clone()
    {
        var clone = new NodeInfo(Node);
        clone._pods.AddRange(_pods);
        clone.Requested.Add(Requested);
        clone.NonZeroRequested.Add(NonZeroRequested);
        clone.UsedPorts = UsedPorts.Clone();
        return clone;
    }
}
