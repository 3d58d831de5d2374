using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's NoExecute taint manager decisions (pkg/controller/tainteviction), pure: a pod on a node with NoExecute
/// taints is kept if it tolerates them all forever, evicted after the smallest tolerationSeconds among the
/// tolerations used, or evicted at once if any NoExecute taint is not tolerated.
/// </summary>
public static class TaintEvictionPlanner
{
    public const string DisruptionTargetReason = "DeletionByTaintManager";
    public const string DisruptionTargetMessage = "Taint manager: deleting due to NoExecute taint";

    public static TaintEvictionPlan Decide(IEnumerable<V1Taint>? nodeTaints, IList<V1Toleration>? tolerations)
    {
        var taints = (nodeTaints ?? []).Where(t => t.Effect == NodeTaints.NoExecute).ToList();
        if (taints.Count == 0)
        {
            return TaintEvictionPlan.Keep;
        }

        var used = new List<V1Toleration>();
        foreach (var taint in taints)
        {
            // The first toleration that tolerates the taint is the one used, as upstream's GetMatchingTolerations.
            var toleration = (tolerations ?? []).FirstOrDefault(t => Tolerations.ToleratesTaint(t, taint));
            if (toleration is null)
            {
                return TaintEvictionPlan.Now;
            }

            used.Add(toleration);
        }

        var min = MinTolerationTime(used);
        return min is { } seconds ? TaintEvictionPlan.Later(seconds) : TaintEvictionPlan.Keep;
    }

    /// <summary>The smallest tolerationSeconds (negative counts as zero); null when every toleration is forever.</summary>
    public static TimeSpan? MinTolerationTime(IEnumerable<V1Toleration> tolerations)
    {
        ArgumentNullException.ThrowIfNull(tolerations);
        TimeSpan? min = null;
        foreach (var t in tolerations)
        {
            if (t.TolerationSeconds is not { } seconds)
            {
                continue;
            }

            var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
            if (min is null || span < min)
            {
                min = span;
            }
        }

        return min;
    }
}
