using Everynode.Api.Models;
using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>Builds the pods a ReplicaSet creates (upstream's GetPodFromTemplate) and its controller reference.</summary>
public static class ReplicaSetPodTemplate
{
    public const string ApiVersion = "apps/v1";
    public const string Kind = "ReplicaSet";

    /// <summary>
    /// The template's labels, annotations and finalizers and spec; <c>generateName: &lt;rs&gt;-</c>; the ReplicaSet as
    /// controller owner. The ReplicaSet is never mutated.
    /// </summary>
    public static V1Pod NewPod(V1ReplicaSet rs)
    {
        ArgumentNullException.ThrowIfNull(rs);
        var template = ModelCopy.Clone(rs.Spec?.Template) ?? new V1PodTemplateSpec();
        var name = rs.Metadata?.Name ?? string.Empty;
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = name.Length + 1 > 253 ? name : name + "-",
                NamespaceProperty = rs.Metadata?.NamespaceProperty,
                Labels = template.Metadata?.Labels,
                Annotations = template.Metadata?.Annotations,
                Finalizers = template.Metadata?.Finalizers,
                OwnerReferences = [NewControllerRef(rs.Metadata, ApiVersion, Kind)],
            },
            Spec = template.Spec ?? new V1PodSpec(),
        };
    }

    /// <summary>metav1.NewControllerRef: controller and blockOwnerDeletion both true.</summary>
    public static V1OwnerReference NewControllerRef(V1ObjectMeta? owner, string apiVersion, string kind) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = owner?.Name ?? string.Empty,
        Uid = owner?.Uid ?? string.Empty,
        Controller = true,
        BlockOwnerDeletion = true,
    };
}
