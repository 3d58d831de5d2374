using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s;
using k8s.Models;

namespace Everynode.Api.DaemonSets;

/// <summary>Object life cycle rules for V1DaemonSet (upstream pkg/registry/apps/daemonset/strategy.go).</summary>
public sealed class DaemonSetStrategy : ResourceStrategy<V1DaemonSet>, IWarningsStrategy
{
    /// <summary>Status is reset, generation and templateGeneration start at 1 (a larger given templateGeneration is kept).</summary>
    public override void PrepareForCreate(V1DaemonSet obj)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = new V1DaemonSetStatus();
        obj.Metadata.Generation = 1;
        if (TemplateGeneration.Read(obj) is { } given)
        {
            TemplateGeneration.Write(obj, Math.Max(1, given));
        }
    }

    /// <summary>
    /// Status and templateGeneration come from the old object; a template change bumps templateGeneration and
    /// generation, any other spec change bumps generation only. The spec is already defaulted (the server defaults
    /// before this hook), so it compares like for like with the stored one.
    /// </summary>
    public override void PrepareForUpdate(V1DaemonSet obj, V1DaemonSet old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = ModelCopy.Clone(old.Status);
        obj.Metadata.Generation = old.Metadata?.Generation;
        var templateGeneration = TemplateGeneration.Read(old) ?? 0;
        if (!SemanticEquality.AreEqual(obj.Spec?.Template, old.Spec?.Template))
        {
            templateGeneration++;
            obj.Metadata.Generation = (old.Metadata?.Generation ?? 0) + 1;
        }
        else if (!SemanticEquality.AreEqual(obj.Spec, old.Spec))
        {
            obj.Metadata.Generation = (old.Metadata?.Generation ?? 0) + 1;
        }

        TemplateGeneration.Write(obj, templateGeneration);
    }

    /// <summary>The /status endpoint cannot change the spec (nor templateGeneration, which is part of it upstream).</summary>
    public override void PrepareForStatusUpdate(V1DaemonSet obj, V1DaemonSet old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Spec = ModelCopy.Clone(old.Spec);
        obj.Metadata.Generation = old.Metadata?.Generation;
        TemplateGeneration.Write(obj, TemplateGeneration.Read(old) ?? 0);
    }

    public override void ApplyDefaults(V1DaemonSet obj) => DaemonSetDefaults.Apply(obj);

    public override IReadOnlyList<FieldError> ValidateCreate(V1DaemonSet obj) => DaemonSetValidation.ValidateCreate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1DaemonSet obj, V1DaemonSet old) => DaemonSetValidation.ValidateUpdate(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1DaemonSet obj, V1DaemonSet old) =>
        DaemonSetValidation.ValidateStatusUpdate(obj, old);

    /// <summary>See <see cref="DaemonSetWarnings.Get"/>.</summary>
    public IReadOnlyList<string> GetWarnings(IKubernetesObject<V1ObjectMeta> obj) =>
        obj is V1DaemonSet ds ? DaemonSetWarnings.Get(ds) : [];
}
