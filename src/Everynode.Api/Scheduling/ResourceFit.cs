namespace Everynode.Api.Scheduling;

/// <summary>
/// Whether a pod's requests fit what a node has left (upstream's noderesources.Fits, v1.32), for the scheduler's
/// NodeResourcesFit filter and the agent's admission: the node must have room for one more pod, and for every
/// resource the pod requests, what the node's pods already request plus the pod's request must not exceed
/// allocatable. A resource the pod requests none of is never checked, so a pod without requests still fits an
/// over-committed node.
/// </summary>
public static class ResourceFit
{
    public const string TooManyPods = "Too many pods";

    public static string Insufficient(string resource) => $"Insufficient {resource}";

    /// <summary>
    /// Every shortfall, in upstream's order: pods, cpu, memory, ephemeral storage, then scalar resources by name.
    /// Empty when the pod fits.
    /// </summary>
    public static List<InsufficientResource> Fits(Resource request, NodeInfo nodeInfo)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(nodeInfo);
        var result = new List<InsufficientResource>();
        var allocatable = nodeInfo.Allocatable;
        var requested = nodeInfo.Requested;
        if (nodeInfo.Pods.Count + 1 > allocatable.AllowedPodNumber)
        {
            result.Add(new(ResourceNames.Pods, TooManyPods, 1, nodeInfo.Pods.Count, allocatable.AllowedPodNumber));
        }

        Check(ResourceNames.Cpu, request.MilliCpu, requested.MilliCpu, allocatable.MilliCpu);
        Check(ResourceNames.Memory, request.Memory, requested.Memory, allocatable.Memory);
        Check(ResourceNames.EphemeralStorage, request.EphemeralStorage, requested.EphemeralStorage, allocatable.EphemeralStorage);
        foreach (var (name, amount) in request.ScalarResources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Check(name, amount, requested.ScalarResources.GetValueOrDefault(name), allocatable.ScalarResources.GetValueOrDefault(name));
        }

        return result;

        void Check(string name, long wanted, long used, long capacity)
        {
            if (wanted > 0 && wanted > capacity - used)
            {
                result.Add(new(name, Insufficient(name), wanted, used, capacity));
            }
        }
    }
}
