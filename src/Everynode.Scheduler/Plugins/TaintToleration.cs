using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// upstream TaintToleration (filter): a node with a NoSchedule or NoExecute taint the pod does not tolerate is
/// rejected, naming the first such taint in the v1.25–v1.32 format "{key: value}" (v1.33 dropped the taint
/// from the message; this follows v1.32, the version the rest of the messages follow).
/// </summary>
internal sealed class TaintToleration : IFilterPlugin
{
    public string Name => nameof(TaintToleration);

    public static string ErrReason(string key, string value) => $"node(s) had untolerated taint {{{key}: {value}}}";

    public Status Filter(CycleState state, NodeInfo nodeInfo)
    {
        var taint = Tolerations.FindMatchingUntoleratedTaint(
            nodeInfo.Node.Spec?.Taints, state.Pod.Spec?.Tolerations, Tolerations.DoNotScheduleTaintsFilter);
        return taint is null ? Status.Success : Status.Unresolvable(Name, ErrReason(taint.Key ?? "", taint.Value ?? ""));
    }
}
