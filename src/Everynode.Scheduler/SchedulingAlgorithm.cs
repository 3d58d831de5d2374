using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Scheduler;

/// <summary>
/// One scheduling attempt as a pure function (upstream schedulePod + the PostFilter step of scheduleOne):
/// pre-filter, filter every candidate node, score the feasible ones, pick the best; or, when none is feasible,
/// ask preemption and build the FitError. Nothing is written: the caller assumes the pod on the chosen node and
/// binds it, or records the FailedScheduling event and requeues the pod.
/// </summary>
internal static class SchedulingAlgorithm
{
    public static ScheduleResult ScheduleOne(V1Pod pod, Snapshot snapshot)
    {
        if (snapshot.Count == 0)
        {
            return new ScheduleResult { NoNodesAvailable = true };
        }

        var state = new CycleState(pod);
        var (candidates, statuses, preFilterMessage) = PreFilter(state, snapshot);
        var feasible = new List<NodeInfo>();
        if (preFilterMessage.Length == 0)
        {
            foreach (var nodeInfo in candidates)
            {
                var status = SchedulerProfile.RunFilters(state, nodeInfo);
                if (status.IsSuccess)
                {
                    feasible.Add(nodeInfo);
                }
                else
                {
                    statuses.Set(nodeInfo.Name, status);
                }
            }
        }

        var evaluated = preFilterMessage.Length == 0 ? candidates.Count : 0;
        if (feasible.Count > 0)
        {
            return new ScheduleResult
            {
                SuggestedHost = SelectHost(state, feasible),
                EvaluatedNodes = evaluated,
                FeasibleNodes = feasible.Count,
            };
        }

        var postFilter = DefaultPreemption.PostFilter(state, snapshot, statuses);
        return new ScheduleResult
        {
            EvaluatedNodes = evaluated,
            FitError = new FitError(snapshot.Count, statuses, preFilterMessage, postFilter.Message),
            Preemption = postFilter.Candidate,
        };
    }

    /// <summary>
    /// The candidate nodes, the status map to fill in (nodes ruled out here are "absent" and share one status),
    /// and the pre-filter's rejection message if it rejected the pod outright.
    /// </summary>
    private static (List<NodeInfo> Candidates, NodeToStatus Statuses, string PreFilterMessage) PreFilter(CycleState state, Snapshot snapshot)
    {
        HashSet<string>? names = null;
        var narrowedBy = new List<string>();
        foreach (var plugin in SchedulerProfile.PreFilters)
        {
            var result = plugin.PreFilter(state);
            if (!result.Status.IsSuccess)
            {
                // Every node shares the rejection; the histogram is replaced by the message.
                return ([], new NodeToStatus(result.Status), result.Status.Message);
            }

            if (result.NodeNames is not null)
            {
                narrowedBy.Add(plugin.Name);
                names = names is null ? new HashSet<string>(result.NodeNames, StringComparer.Ordinal) : [.. names.Intersect(result.NodeNames)];
            }
        }

        if (names is null)
        {
            return ([.. snapshot.Nodes], new NodeToStatus(Status.Success), "");
        }

        // Names that are not nodes are dropped; candidates keep snapshot order so that results do not depend on
        // hash order.
        var candidates = names.Select(snapshot.Get).OfType<NodeInfo>().OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var absent = Status.Unresolvable(string.Join(",", narrowedBy), SchedulerMessages.PreFilterExcluded(narrowedBy));
        return (candidates, new NodeToStatus(absent), "");
    }

    /// <summary>
    /// The feasible node with the highest score: NodeResourcesFit (LeastAllocated, weight 1) plus PodTopologySpread
    /// with the system default constraints (weight 2, as upstream's default profile). Upstream breaks ties at random
    /// (reservoir sampling); here the tie goes to the first node by name, so the same inputs always give the same answer.
    /// </summary>
    private static string SelectHost(CycleState state, List<NodeInfo> feasible)
    {
        if (feasible.Count == 1)
        {
            return feasible[0].Name;
        }

        var spread = PodTopologySpread.Scores(state, feasible);
        NodeInfo? best = null;
        long bestScore = -1;
        for (var i = 0; i < feasible.Count; i++)
        {
            var nodeInfo = feasible[i];
            var score = NodeResourcesFit.Score(state, nodeInfo) + (spread is null ? 0 : PodTopologySpread.Weight * spread[i]);
            if (score > bestScore || (score == bestScore && string.CompareOrdinal(nodeInfo.Name, best!.Name) < 0))
            {
                best = nodeInfo;
                bestScore = score;
            }
        }

        return best!.Name;
    }
}
