using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Upstream's toleration matching (core/v1 helper ToleratesTaint and friends).</summary>
public static class TaintToleration
{
    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>
    /// An empty effect tolerates every effect; an empty key (only valid with Exists) every key; Exists ignores the
    /// value; Equal or an empty operator needs the same value. tolerationSeconds plays no part here.
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

    public static bool TolerationsTolerateTaint(IEnumerable<V1Toleration>? tolerations, V1Taint taint) =>
        (tolerations ?? []).Any(toleration => ToleratesTaint(toleration, taint));

    /// <summary>The first taint that passes <paramref name="filter"/> and no toleration tolerates, or null.</summary>
    public static V1Taint? FindMatchingUntoleratedTaint(
        IEnumerable<V1Taint>? taints, IList<V1Toleration>? tolerations, Func<V1Taint, bool> filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return (taints ?? []).FirstOrDefault(taint => filter(taint) && !TolerationsTolerateTaint(tolerations, taint));
    }
}
