using System.Globalization;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>The annotations the Deployment controller keeps on Deployments and ReplicaSets (upstream's deploymentutil).</summary>
public static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";
    public const string LastAppliedConfiguration = "kubectl.kubernetes.io/last-applied-configuration";
    public const string RollbackTo = "deprecated.deployment.rollback.to";

    /// <summary>The label that ties a ReplicaSet and its pods to one template.</summary>
    public const string PodTemplateHashLabel = "pod-template-hash";

    /// <summary>Annotations of the Deployment that are not copied to its ReplicaSets.</summary>
    public static bool IsSkipped(string key) =>
        key is LastAppliedConfiguration or Revision or RevisionHistory or DesiredReplicas or MaxReplicas or RollbackTo;

    /// <summary>The revision of a ReplicaSet (or Deployment): 0 when absent or not a number.</summary>
    public static long RevisionOf(V1ObjectMeta? meta) =>
        meta?.Annotations?.TryGetValue(Revision, out var text) == true
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : 0;

    /// <summary>The highest revision among <paramref name="replicaSets"/> (0 when none has one).</summary>
    public static long MaxRevision(IEnumerable<V1ReplicaSet> replicaSets) =>
        replicaSets.Select(rs => RevisionOf(rs.Metadata)).DefaultIfEmpty(0).Max();

    /// <summary>
    /// Copies the Deployment's annotations (all but the skipped ones) onto the ReplicaSet's; true when anything changed.
    /// </summary>
    public static bool CopyDeploymentAnnotations(V1Deployment deployment, V1ReplicaSet rs)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentNullException.ThrowIfNull(rs);
        var changed = false;
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        foreach (var (key, value) in deployment.Metadata?.Annotations ?? new Dictionary<string, string>())
        {
            if (IsSkipped(key) || (rs.Metadata.Annotations.TryGetValue(key, out var existing) && existing == value))
            {
                continue;
            }

            rs.Metadata.Annotations[key] = value;
            changed = true;
        }

        return changed;
    }

    /// <summary>desired-replicas and max-replicas (desired + maxSurge); true when either changed.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        ArgumentNullException.ThrowIfNull(rs);
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = Set(rs.Metadata.Annotations, DesiredReplicas, desired.ToString(CultureInfo.InvariantCulture));
        return Set(rs.Metadata.Annotations, MaxReplicas, max.ToString(CultureInfo.InvariantCulture)) || changed;
    }

    /// <summary>Upstream's ReplicasAnnotationsNeedUpdate.</summary>
    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max)
    {
        ArgumentNullException.ThrowIfNull(rs);
        var annotations = rs.Metadata?.Annotations;
        return annotations is null
            || !annotations.TryGetValue(DesiredReplicas, out var d) || d != desired.ToString(CultureInfo.InvariantCulture)
            || !annotations.TryGetValue(MaxReplicas, out var m) || m != max.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The desired-replicas annotation, when present and a number.</summary>
    public static int? DesiredReplicasOf(V1ReplicaSet rs) =>
        rs?.Metadata?.Annotations?.TryGetValue(DesiredReplicas, out var text) == true
        && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static bool Set(IDictionary<string, string> annotations, string key, string value)
    {
        if (annotations.TryGetValue(key, out var existing) && existing == value)
        {
            return false;
        }

        annotations[key] = value;
        return true;
    }
}
