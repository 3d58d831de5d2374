using Everynode.Api.Scheduling;

namespace Everynode.Scheduler.Framework;

/// <summary>A filter: can the pod run on this node? Pure: reads the cycle state and the node, changes neither.</summary>
internal interface IFilterPlugin
{
    string Name { get; }

    Status Filter(CycleState state, NodeInfo nodeInfo);
}
