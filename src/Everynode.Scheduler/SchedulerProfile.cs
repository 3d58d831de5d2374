using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;

namespace Everynode.Scheduler;

/// <summary>
/// The plugins of upstream's default profile that Everynode implements, in upstream's order. The order is
/// observable: a node is rejected by the first filter that fails, and only that filter's reasons are counted in
/// the FailedScheduling message.
/// </summary>
internal static class SchedulerProfile
{
    public static IReadOnlyList<IPreFilterPlugin> PreFilters { get; } = [new NodeAffinity()];

    public static IReadOnlyList<IFilterPlugin> Filters { get; } =
    [
        new NodeUnschedulable(),
        new NodeName(),
        new TaintToleration(),
        new NodeAffinity(),
        new NodePorts(),
        new NodeResourcesFit(),
    ];

    /// <summary>Runs the filters on one node and returns the first failure, or success.</summary>
    public static Status RunFilters(CycleState state, NodeInfo nodeInfo)
    {
        foreach (var filter in Filters)
        {
            var status = filter.Filter(state, nodeInfo);
            if (!status.IsSuccess)
            {
                return status;
            }
        }

        return Status.Success;
    }
}
