using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Deployments;

/// <summary>Object life cycle rules for V1Deployment (upstream pkg/registry/apps/deployment/strategy.go).</summary>
public sealed class DeploymentStrategy : ResourceStrategy<V1Deployment>
{
    public override void PrepareForCreate(V1Deployment obj)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = new V1DeploymentStatus();
        obj.Metadata.Generation = 1;
    }

    /// <summary>
    /// Status comes from the old object. A spec change bumps generation, and so does an annotation change, as
    /// upstream does: the controller copies annotations to the ReplicaSets, so they are part of what it observes.
    /// </summary>
    public override void PrepareForUpdate(V1Deployment obj, V1Deployment old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = ModelCopy.Clone(old.Status);
        var changed = !SemanticEquality.AreEqual(obj.Spec, old.Spec)
            || !SemanticEquality.AreEqual(obj.Metadata.Annotations, old.Metadata?.Annotations);
        obj.Metadata.Generation = changed ? (old.Metadata?.Generation ?? 0) + 1 : old.Metadata?.Generation;
    }

    /// <summary>Status writes keep spec and labels; annotations may change (the controller records the revision there).</summary>
    public override void PrepareForStatusUpdate(V1Deployment obj, V1Deployment old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Spec = ModelCopy.Clone(old.Spec);
        obj.Metadata.Generation = old.Metadata?.Generation;
        obj.Metadata.Labels = old.Metadata?.Labels;
    }

    public override void ApplyDefaults(V1Deployment obj) => DeploymentDefaults.Apply(obj);

    public override IReadOnlyList<FieldError> ValidateCreate(V1Deployment obj) => DeploymentValidation.ValidateCreate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Deployment obj, V1Deployment old) => DeploymentValidation.ValidateUpdate(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Deployment obj, V1Deployment old) =>
        DeploymentValidation.ValidateStatusUpdate(obj, old);
}
