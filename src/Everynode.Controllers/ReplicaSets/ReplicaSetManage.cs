using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>Upstream's manageReplicas decision, as a pure function.</summary>
public static class ReplicaSetManage
{
    /// <summary>
    /// The difference between active pods and spec.replicas, at most <paramref name="burstReplicas"/> either way;
    /// the pods to delete chosen by <see cref="PodDeletionOrder"/>.
    /// </summary>
    public static ReplicaSetManagePlan Plan(V1ReplicaSet rs, IReadOnlyList<V1Pod> activePods, IReadOnlyList<V1Pod> relatedPods, int burstReplicas, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rs);
        ArgumentNullException.ThrowIfNull(activePods);
        var diff = activePods.Count - (rs.Spec?.Replicas ?? 1);
        if (diff < 0)
        {
            return new ReplicaSetManagePlan(Math.Min(-diff, burstReplicas), []);
        }

        if (diff > 0)
        {
            return new ReplicaSetManagePlan(0, PodDeletionOrder.PodsToDelete(activePods, relatedPods, Math.Min(diff, burstReplicas), now));
        }

        return ReplicaSetManagePlan.Nothing;
    }
}
