using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// upstream NodePorts: every host port the pod wants must be free on the node for its address and protocol
/// (0.0.0.0 and any specific address collide). Preemption can free a port, so the failure is Unschedulable.
/// </summary>
internal sealed class NodePorts : IFilterPlugin
{
    public string Name => nameof(NodePorts);

    public Status Filter(CycleState state, NodeInfo nodeInfo) =>
        HostPortFit.Fits(state.PodInfo.HostPorts, nodeInfo.UsedPorts) ? Status.Success : Status.Unschedulable(Name, HostPortFit.ErrReason);
}
