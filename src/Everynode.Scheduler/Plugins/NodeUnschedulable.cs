using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;
using k8s.Models;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// upstream NodeUnschedulable: a cordoned node (spec.unschedulable) takes only pods that tolerate the
/// node.kubernetes.io/unschedulable:NoSchedule taint, which DaemonSet pods do.
/// </summary>
internal sealed class NodeUnschedulable : IFilterPlugin
{
    public const string ErrReasonUnschedulable = "node(s) were unschedulable";

    private static readonly V1Taint UnschedulableTaint = new() { Key = "node.kubernetes.io/unschedulable", Effect = TaintEffects.NoSchedule };

    public string Name => nameof(NodeUnschedulable);

    public Status Filter(CycleState state, NodeInfo nodeInfo)
    {
        if (nodeInfo.Node.Spec?.Unschedulable != true
            || Tolerations.TolerationsTolerateTaint(state.Pod.Spec?.Tolerations, UnschedulableTaint))
        {
            return Status.Success;
        }

        return Status.Unresolvable(Name, ErrReasonUnschedulable);
    }
}
