using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>upstream NodeName: a pod that names a node fits only that node.</summary>
internal sealed class NodeName : IFilterPlugin
{
    public const string ErrReason = "node(s) didn't match the requested node name";

    public string Name => nameof(NodeName);

    public Status Filter(CycleState state, NodeInfo nodeInfo)
    {
        var wanted = state.Pod.Spec?.NodeName;
        return string.IsNullOrEmpty(wanted) || wanted == nodeInfo.Name ? Status.Success : Status.Unresolvable(Name, ErrReason);
    }
}
