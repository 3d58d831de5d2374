using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// upstream DefaultPreemption (PostFilter), as a dry run over the snapshot. Only nodes that failed with
/// Unschedulable (resources, ports) are worth trying; on each, every lower-priority pod is removed and the filters
/// run again; if the pod then fits, victims are given back one by one, most important first, as long as the pod
/// still fits. Of the nodes that work, the one whose most important victim matters least wins, then the smallest
/// sum of victim priorities, then the fewest victims, then node order.
/// Simplifications, stated: PodDisruptionBudgets are not consulted, pods nominated to a node are not counted
/// against it, and every potential node is tried (upstream stops after enough candidates).
/// </summary>
internal static class DefaultPreemption
{
    public const string NotHelpful = "Preemption is not helpful for scheduling";
    public const string NoVictims = "No preemption victims found for incoming pod";
    public const string PolicyNever = "not eligible due to preemptionPolicy=Never.";
    public const string TerminatingOnNominated = "not eligible due to a terminating pod on the nominated node.";

    public static PostFilterResult PostFilter(CycleState state, Snapshot snapshot, NodeToStatus statuses)
    {
        if (NotEligible(state, snapshot, statuses) is { } reason)
        {
            return PostFilterResult.Fail(reason);
        }

        var dryRun = new NodeToStatus(Status.Unresolvable(nameof(DefaultPreemption), NotHelpful));
        PreemptionCandidate? best = null;
        foreach (var nodeInfo in snapshot.Nodes)
        {
            if (statuses.Get(nodeInfo.Name).Code != StatusCode.Unschedulable)
            {
                continue;
            }

            var (victims, status) = SelectVictimsOnNode(state, nodeInfo);
            if (victims is null || victims.Count == 0)
            {
                dryRun.Set(nodeInfo.Name, status);
            }
            else if (best is null || IsBetter(victims, best.Victims))
            {
                best = new PreemptionCandidate(nodeInfo.Name, victims);
            }
        }

        return best is not null
            ? PostFilterResult.Nominate(best)
            : PostFilterResult.Fail(new FitError(snapshot.Count, dryRun).Message);
    }

    private static string? NotEligible(CycleState state, Snapshot snapshot, NodeToStatus statuses)
    {
        if (state.Pod.Spec?.PreemptionPolicy == "Never")
        {
            return PolicyNever;
        }

        // A pod that already preempted waits for its victims to leave instead of preempting again, unless its
        // nominated node can no longer take it at all.
        var nominated = state.Pod.Status?.NominatedNodeName;
        if (string.IsNullOrEmpty(nominated) || statuses.Get(nominated).Code == StatusCode.UnschedulableAndUnresolvable)
        {
            return null;
        }

        var terminating = snapshot.Get(nominated)?.Pods.Any(p =>
            p.Priority < state.PodInfo.Priority && p.Pod.Metadata?.DeletionTimestamp is not null) ?? false;
        return terminating ? TerminatingOnNominated : null;
    }

    private static (List<PodInfo>? Victims, Status Status) SelectVictimsOnNode(CycleState state, NodeInfo nodeInfo)
    {
        var potential = nodeInfo.Pods.Where(p => p.Priority < state.PodInfo.Priority).ToList();
        if (potential.Count == 0)
        {
            return (null, Status.Unresolvable(nameof(DefaultPreemption), NoVictims));
        }

        var trial = nodeInfo.Clone();
        foreach (var pod in potential)
        {
            trial.RemovePod(pod.Key);
        }

        var status = SchedulerProfile.RunFilters(state, trial);
        if (!status.IsSuccess)
        {
            return (null, status);
        }

        var victims = new List<PodInfo>();
        foreach (var pod in potential.OrderByDescending(p => p.Priority).ThenBy(StartTime))
        {
            trial.AddPod(pod);
            if (!SchedulerProfile.RunFilters(state, trial).IsSuccess)
            {
                trial.RemovePod(pod.Key);
                victims.Add(pod);
            }
        }

        return (victims, Status.Success);
    }

    private static bool IsBetter(List<PodInfo> a, IReadOnlyList<PodInfo> b)
    {
        int byHighest = a.Max(p => p.Priority).CompareTo(b.Max(p => p.Priority));
        if (byHighest != 0)
        {
            return byHighest < 0;
        }

        // Offset by 2^31 as upstream does, so that negative priorities still make a larger sum a worse choice.
        int bySum = Sum(a).CompareTo(Sum(b));
        return bySum != 0 ? bySum < 0 : a.Count < b.Count;
    }

    private static long Sum(IReadOnlyList<PodInfo> victims) => victims.Sum(p => (long)p.Priority + int.MaxValue + 1);

    private static DateTime StartTime(PodInfo pod) => pod.Pod.Status?.StartTime ?? DateTime.MaxValue;
}
