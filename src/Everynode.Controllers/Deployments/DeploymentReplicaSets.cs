using System.Globalization;
using Everynode.Api.Models;
using Everynode.Controllers.ReplicaSets;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>The ReplicaSets of a Deployment: which is the new one, and the one to create for its template.</summary>
public static class DeploymentReplicaSets
{
    public const string ApiVersion = "apps/v1";
    public const string Kind = "Deployment";

    /// <summary>Upstream's FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's (hash label aside).</summary>
    public static V1ReplicaSet? FindNew(V1Deployment d, IEnumerable<V1ReplicaSet> replicaSets)
    {
        ArgumentNullException.ThrowIfNull(d);
        return replicaSets
            .OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault(rs => DeploymentMath.EqualIgnoreHash(rs.Spec?.Template, d.Spec?.Template));
    }

    /// <summary>The pod-template-hash of the Deployment's template with its collisionCount.</summary>
    public static string TemplateHash(V1Deployment d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return ControllerRevisionHash.ComputeHash(d.Spec?.Template, d.Status?.CollisionCount);
    }

    /// <summary>
    /// The new ReplicaSet for the Deployment's template: named <c>&lt;deployment&gt;-&lt;hash&gt;</c>, the hash added to
    /// its labels, selector and template labels, the Deployment's annotations with the revision and the replica
    /// annotations, owned by the Deployment, minReadySeconds copied.
    /// </summary>
    public static V1ReplicaSet NewReplicaSet(V1Deployment d, string hash, long revision, int replicas)
    {
        ArgumentNullException.ThrowIfNull(d);
        var template = ModelCopy.Clone(d.Spec?.Template) ?? new V1PodTemplateSpec();
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels ??= new Dictionary<string, string>();
        template.Metadata.Labels[DeploymentAnnotations.PodTemplateHashLabel] = hash;
        var selector = ModelCopy.Clone(d.Spec?.Selector) ?? new V1LabelSelector();
        selector.MatchLabels ??= new Dictionary<string, string>();
        selector.MatchLabels[DeploymentAnnotations.PodTemplateHashLabel] = hash;
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{d.Metadata?.Name}-{hash}",
                NamespaceProperty = d.Metadata?.NamespaceProperty,
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
                OwnerReferences = [ReplicaSetPodTemplate.NewControllerRef(d.Metadata, ApiVersion, Kind)],
            },
            Spec = new V1ReplicaSetSpec
            {
                Replicas = replicas,
                MinReadySeconds = d.Spec?.MinReadySeconds,
                Selector = selector,
                Template = template,
            },
        };
        DeploymentAnnotations.CopyDeploymentAnnotations(d, rs);
        rs.Metadata.Annotations![DeploymentAnnotations.Revision] = revision.ToString(CultureInfo.InvariantCulture);
        DeploymentAnnotations.SetReplicasAnnotations(rs, DeploymentMath.Replicas(d), DeploymentMath.Replicas(d) + DeploymentMath.MaxSurge(d));
        return rs;
    }
}
