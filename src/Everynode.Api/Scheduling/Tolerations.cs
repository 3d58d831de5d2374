using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// Taint–toleration matching (upstream's Toleration.ToleratesTaint and component-helpers' TolerationsTolerateTaint
/// and FindMatchingUntoleratedTaint), for the DaemonSet controller, the scheduler's TaintToleration and
/// NodeUnschedulable filters and the taint eviction controller.
/// </summary>
public static class Tolerations
{
    /// <summary>
    /// An empty effect tolerates every effect; an empty key every key (valid only with Exists, but not checked here:
    /// an empty key with Equal tolerates every taint with the same value); Exists ignores the value; Equal or an
    /// empty operator needs the same value; any other operator tolerates nothing. tolerationSeconds plays no part.
    /// </summary>
    public static bool ToleratesTaint(V1Toleration toleration, V1Taint taint)
    {
        ArgumentNullException.ThrowIfNull(toleration);
        ArgumentNullException.ThrowIfNull(taint);
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return toleration.OperatorProperty switch
        {
            null or "" or "Equal" => (toleration.Value ?? string.Empty) == (taint.Value ?? string.Empty),
            "Exists" => true,
            _ => false,
        };
    }

    public static bool TolerationsTolerateTaint(IEnumerable<V1Toleration>? tolerations, V1Taint taint)
    {
        foreach (var toleration in tolerations ?? [])
        {
            if (ToleratesTaint(toleration, taint))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The first taint, in node order, that passes <paramref name="filter"/> and no toleration tolerates, or null.</summary>
    public static V1Taint? FindMatchingUntoleratedTaint(
        IEnumerable<V1Taint>? taints, IEnumerable<V1Toleration>? tolerations, Func<V1Taint, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        foreach (var taint in taints ?? [])
        {
            if (filter(taint) && !TolerationsTolerateTaint(tolerations, taint))
            {
                return taint;
            }
        }

        return null;
    }

    /// <summary>Whether a taint keeps pods that do not tolerate it off the node: NoSchedule or NoExecute.</summary>
    public static bool DoNotScheduleTaintsFilter(V1Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        return taint.Effect is TaintEffects.NoSchedule or TaintEffects.NoExecute;
    }
}
