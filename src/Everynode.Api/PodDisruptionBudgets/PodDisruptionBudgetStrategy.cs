using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.PodDisruptionBudgets;

/// <summary>Object life cycle rules for policy/v1 PodDisruptionBudget (upstream pkg/registry/policy/poddisruptionbudget).</summary>
public sealed class PodDisruptionBudgetStrategy : ResourceStrategy<V1PodDisruptionBudget>
{
    /// <summary>Status is reset (its counters are not optional upstream, so they read 0) and generation starts at 1.</summary>
    public override void PrepareForCreate(V1PodDisruptionBudget obj)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = new V1PodDisruptionBudgetStatus { CurrentHealthy = 0, DesiredHealthy = 0, DisruptionsAllowed = 0, ExpectedPods = 0 };
        obj.Metadata.Generation = 1;
    }

    /// <summary>Status comes from the old object; any spec change bumps generation.</summary>
    public override void PrepareForUpdate(V1PodDisruptionBudget obj, V1PodDisruptionBudget old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = ModelCopy.Clone(old.Status);
        obj.Metadata.Generation = old.Metadata?.Generation;
        if (!SemanticEquality.AreEqual(obj.Spec, old.Spec))
        {
            obj.Metadata.Generation = (old.Metadata?.Generation ?? 0) + 1;
        }
    }

    public override void PrepareForStatusUpdate(V1PodDisruptionBudget obj, V1PodDisruptionBudget old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Spec = ModelCopy.Clone(old.Spec);
        obj.Metadata.Generation = old.Metadata?.Generation;
    }

    public override IReadOnlyList<FieldError> ValidateCreate(V1PodDisruptionBudget obj) => PodDisruptionBudgetValidation.ValidateCreate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1PodDisruptionBudget obj, V1PodDisruptionBudget old) =>
        PodDisruptionBudgetValidation.ValidateUpdate(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1PodDisruptionBudget obj, V1PodDisruptionBudget old) =>
        PodDisruptionBudgetValidation.ValidateStatusUpdate(obj, old);
}
