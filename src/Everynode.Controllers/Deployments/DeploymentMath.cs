using Everynode.Api.Models;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>Upstream's deploymentutil arithmetic: surge and unavailability budgets, replica sums, template equality.</summary>
public static class DeploymentMath
{
    public static int Replicas(V1Deployment d) => d?.Spec?.Replicas ?? 1;

    public static int Replicas(V1ReplicaSet? rs) => rs?.Spec?.Replicas ?? 0;

    public static bool IsRollingUpdate(V1Deployment d) => d?.Spec?.Strategy?.Type != "Recreate";

    /// <summary>
    /// Upstream's ResolveFenceposts: maxSurge rounded up, maxUnavailable rounded down against the desired replicas;
    /// both zero becomes (0, 1) so a rollout can always move.
    /// </summary>
    public static (int Surge, int Unavailable) ResolveFenceposts(IntOrString? maxSurge, IntOrString? maxUnavailable, int desired)
    {
        // A missing budget counts as 0 (upstream's ValueOrDefault); so does an unparseable one, where upstream fails
        // the sync instead (validation rejects such a budget first).
        var surge = IntOrPercent.GetScaledValue(maxSurge, desired, roundUp: true) ?? 0;
        var unavailable = IntOrPercent.GetScaledValue(maxUnavailable, desired, roundUp: false) ?? 0;
        return surge == 0 && unavailable == 0 ? (0, 1) : (surge, unavailable);
    }

    /// <summary>maxSurge of a RollingUpdate Deployment (0 for Recreate).</summary>
    public static int MaxSurge(V1Deployment d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!IsRollingUpdate(d))
        {
            return 0;
        }

        var rolling = d.Spec?.Strategy?.RollingUpdate;
        return ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, Replicas(d)).Surge;
    }

    /// <summary>maxUnavailable of a RollingUpdate Deployment, at most its replicas (0 for Recreate or no replicas).</summary>
    public static int MaxUnavailable(V1Deployment d)
    {
        ArgumentNullException.ThrowIfNull(d);
        if (!IsRollingUpdate(d) || Replicas(d) == 0)
        {
            return 0;
        }

        var rolling = d.Spec?.Strategy?.RollingUpdate;
        var unavailable = ResolveFenceposts(rolling?.MaxSurge, rolling?.MaxUnavailable, Replicas(d)).Unavailable;
        return Math.Min(unavailable, Replicas(d));
    }

    public static int SpecReplicas(IEnumerable<V1ReplicaSet> replicaSets) => replicaSets.Sum(Replicas);

    public static int StatusReplicas(IEnumerable<V1ReplicaSet> replicaSets) => replicaSets.Sum(rs => rs.Status?.Replicas ?? 0);

    public static int ReadyReplicas(IEnumerable<V1ReplicaSet> replicaSets) => replicaSets.Sum(rs => rs.Status?.ReadyReplicas ?? 0);

    public static int AvailableReplicas(IEnumerable<V1ReplicaSet> replicaSets) => replicaSets.Sum(rs => rs.Status?.AvailableReplicas ?? 0);

    /// <summary>Upstream's EqualIgnoreHash: the templates are equal once the pod-template-hash label is left out.</summary>
    public static bool EqualIgnoreHash(V1PodTemplateSpec? a, V1PodTemplateSpec? b)
    {
        var left = ModelCopy.Clone(a) ?? new V1PodTemplateSpec();
        var right = ModelCopy.Clone(b) ?? new V1PodTemplateSpec();
        left.Metadata?.Labels?.Remove(DeploymentAnnotations.PodTemplateHashLabel);
        right.Metadata?.Labels?.Remove(DeploymentAnnotations.PodTemplateHashLabel);
        if (left.Metadata?.Labels is { Count: 0 })
        {
            left.Metadata.Labels = null;
        }

        if (right.Metadata?.Labels is { Count: 0 })
        {
            right.Metadata.Labels = null;
        }

        return SemanticEquality.AreEqual(left, right);
    }
}
