using Everynode.Api.Pods;
using k8s.Models;

namespace Everynode.Api.ReplicaSets;

/// <summary>apps/v1 ReplicaSet defaults: one replica and the pod spec defaults on the template (no selector defaulting in apps/v1).</summary>
public static class ReplicaSetDefaults
{
    public static void Apply(V1ReplicaSet rs)
    {
        ArgumentNullException.ThrowIfNull(rs);
        var spec = rs.Spec ??= new V1ReplicaSetSpec();
        spec.Replicas ??= 1;
        spec.Template ??= new V1PodTemplateSpec();
        PodSpecDefaults.Apply(spec.Template.Spec ??= new V1PodSpec());
    }
}
