using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// upstream NodeResourcesFit (filter, v1.32): the node must have room for one more pod, and for every resource
/// the pod requests, what is already requested on the node plus the pod's request must not exceed allocatable.
/// Every shortfall is its own reason. A resource the pod requests none of is never checked, so a pod without
/// requests still fits an over-committed node. All failures are Unschedulable: preemption might free room
/// (v1.34 made "more than the node's whole allocatable" unresolvable; v1.32 did not).
/// </summary>
internal sealed partial class NodeResourcesFit : IFilterPlugin
{
    public const string TooManyPods = "Too many pods";

    public string Name => nameof(NodeResourcesFit);

    public static string Insufficient(string resource) => $"Insufficient {resource}";

    public Status Filter(CycleState state, NodeInfo nodeInfo)
    {
        var reasons = InsufficientResources(state.PodInfo.Requests, nodeInfo);
        return reasons.Count == 0 ? Status.Success : Status.Unschedulable(Name, [.. reasons]);
    }

    public static List<string> InsufficientResources(Resource request, NodeInfo nodeInfo)
    {
        var reasons = new List<string>();
        if (nodeInfo.Pods.Count + 1 > nodeInfo.Allocatable.AllowedPodNumber)
        {
            reasons.Add(TooManyPods);
        }

        var allocatable = nodeInfo.Allocatable;
        var requested = nodeInfo.Requested;
        Check(ResourceNames.Cpu, request.MilliCpu, allocatable.MilliCpu, requested.MilliCpu);
        Check(ResourceNames.Memory, request.Memory, allocatable.Memory, requested.Memory);
        Check(ResourceNames.EphemeralStorage, request.EphemeralStorage, allocatable.EphemeralStorage, requested.EphemeralStorage);
        foreach (var (name, amount) in request.ScalarResources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            Check(name, amount, allocatable.ScalarResources.GetValueOrDefault(name), requested.ScalarResources.GetValueOrDefault(name));
        }

        return reasons;

        void Check(string name, long wanted, long allocatableAmount, long requestedAmount)
        {
            if (wanted > 0 && wanted > allocatableAmount - requestedAmount)
            {
                reasons.Add(Insufficient(name));
            }
        }
    }
}
