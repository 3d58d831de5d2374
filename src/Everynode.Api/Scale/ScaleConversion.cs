using Everynode.Api.Tables;
using Everynode.Api.Validation;
using k8s;
using k8s.Models;

namespace Everynode.Api.Scale;

/// <summary>
/// The <c>scale</c> subresource of Deployments and ReplicaSets (upstream's ScaleREST): the object seen as an
/// autoscaling/v1 Scale (spec.replicas, status.replicas and the selector as a string), and a Scale written back as
/// the object's spec.replicas. Pure; the API server does the reads and writes.
/// </summary>
public static class ScaleConversion
{
    public const string ApiVersion = "autoscaling/v1";
    public const string Kind = "Scale";
    public const string Group = "autoscaling";

    /// <summary>Whether objects of this type have a scale subresource.</summary>
    public static bool Supports(Type type) => type == typeof(V1Deployment) || type == typeof(V1ReplicaSet);

    public static V1Scale From(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (specReplicas, statusReplicas, selector) = obj switch
        {
            V1Deployment d => (d.Spec?.Replicas ?? 0, d.Status?.Replicas ?? 0, d.Spec?.Selector),
            V1ReplicaSet rs => (rs.Spec?.Replicas ?? 0, rs.Status?.Replicas ?? 0, rs.Spec?.Selector),
            _ => throw new ArgumentException($"{obj.GetType().Name} has no scale subresource", nameof(obj)),
        };
        var meta = obj.Metadata;
        var selectorText = TableFormat.FormatLabelSelector(selector);
        return new V1Scale
        {
            ApiVersion = ApiVersion,
            Kind = Kind,
            Metadata = new V1ObjectMeta
            {
                Name = meta.Name,
                NamespaceProperty = meta.NamespaceProperty,
                Uid = meta.Uid,
                ResourceVersion = meta.ResourceVersion,
                CreationTimestamp = meta.CreationTimestamp,
            },
            Spec = new V1ScaleSpec { Replicas = specReplicas },
            Status = new V1ScaleStatus { Replicas = statusReplicas, Selector = selectorText == "<none>" ? null : selectorText },
        };
    }

    /// <summary>Upstream's ValidateScale: spec.replicas must not be negative.</summary>
    public static IReadOnlyList<FieldError> Validate(V1Scale scale)
    {
        ArgumentNullException.ThrowIfNull(scale);
        return FieldErrors.NonNegative(scale.Spec?.Replicas ?? 0, FieldPath.Root("spec").Child("replicas")).ToList();
    }

    /// <summary>Sets the object's spec.replicas (the object is a private copy).</summary>
    public static void ApplyReplicas(IKubernetesObject<V1ObjectMeta> obj, int replicas)
    {
        switch (obj)
        {
            case V1Deployment d:
                (d.Spec ??= new V1DeploymentSpec()).Replicas = replicas;
                break;
            case V1ReplicaSet rs:
                (rs.Spec ??= new V1ReplicaSetSpec()).Replicas = replicas;
                break;
            default:
                throw new ArgumentException($"{obj?.GetType().Name} has no scale subresource", nameof(obj));
        }
    }
}
