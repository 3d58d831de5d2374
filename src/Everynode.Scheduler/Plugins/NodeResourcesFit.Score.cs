using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// NodeResourcesFit scoring with the LeastAllocated strategy (upstream's default; cpu and memory, weight 1 each).
/// Each resource scores (allocatable - requested) * 100 / allocatable, where requested is what the node's pods
/// ask plus this pod, counting a container without a cpu or memory request as 100m / 200Mi. A resource the node
/// has none of is left out of the average; one that would be over-committed scores 0. Integer arithmetic, as
/// upstream, so equal nodes score exactly equal.
/// </summary>
internal sealed partial class NodeResourcesFit
{
    public const long MaxNodeScore = 100;

    public static long Score(CycleState state, NodeInfo nodeInfo)
    {
        var pod = state.PodInfo.NonZeroRequests;
        var node = nodeInfo.NonZeroRequested;
        long total = 0;
        long weights = 0;
        Add(nodeInfo.Allocatable.MilliCpu, node.MilliCpu + pod.MilliCpu);
        Add(nodeInfo.Allocatable.Memory, node.Memory + pod.Memory);
        return weights == 0 ? 0 : total / weights;

        void Add(long allocatable, long requested)
        {
            if (allocatable == 0)
            {
                return;
            }

            total += LeastRequestedScore(requested, allocatable);
            weights += 1;
        }
    }

    private static long LeastRequestedScore(long requested, long capacity) =>
        capacity == 0 || requested > capacity ? 0 : (capacity - requested) * MaxNodeScore / capacity;
}
