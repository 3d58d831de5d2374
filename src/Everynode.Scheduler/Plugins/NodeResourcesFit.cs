using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// upstream NodeResourcesFit (filter, v1.32): <see cref="ResourceFit.Fits"/>, every shortfall its own reason.
/// All failures are Unschedulable: preemption might free room
/// (v1.34 made "more than the node's whole allocatable" unresolvable; v1.32 did not).
/// </summary>
internal sealed partial class NodeResourcesFit : IFilterPlugin
{
    public string Name => nameof(NodeResourcesFit);

    public Status Filter(CycleState state, NodeInfo nodeInfo)
    {
        var insufficient = ResourceFit.Fits(state.PodInfo.Requests, nodeInfo);
        return insufficient.Count == 0 ? Status.Success : Status.Unschedulable(Name, [.. insufficient.Select(r => r.Reason)]);
    }
}
