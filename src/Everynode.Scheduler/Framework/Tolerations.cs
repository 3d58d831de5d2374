using k8s.Models;

namespace Everynode.Scheduler.Framework;

/// <summary>
/// Toleration matching (upstream Toleration.ToleratesTaint): an empty effect matches every effect, an empty key
/// matches every key, Exists ignores the value and Equal (or no operator) wants the same value.
/// </summary>
internal static class Tolerations
{
    public static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
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
            null or "" or "Equal" => (toleration.Value ?? "") == (taint.Value ?? ""),
            "Exists" => true,
            _ => false,
        };
    }

    public static bool AnyTolerates(IEnumerable<V1Toleration>? tolerations, V1Taint taint) =>
        (tolerations ?? []).Any(t => Tolerates(t, taint));

    /// <summary>The first NoSchedule or NoExecute taint, in node order, that no toleration matches.</summary>
    public static V1Taint? FirstUntoleratedScheduleTaint(V1Node node, IEnumerable<V1Toleration>? tolerations)
    {
        var list = tolerations?.ToList() ?? [];
        return (node.Spec?.Taints ?? []).FirstOrDefault(taint =>
            taint.Effect is "NoSchedule" or "NoExecute" && !AnyTolerates(list, taint));
    }
}
