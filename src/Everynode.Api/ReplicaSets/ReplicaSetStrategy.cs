using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.ReplicaSets;

/// <summary>Object life cycle rules for V1ReplicaSet (upstream pkg/registry/apps/replicaset/strategy.go).</summary>
public sealed class ReplicaSetStrategy : ResourceStrategy<V1ReplicaSet>
{
    public override void PrepareForCreate(V1ReplicaSet obj)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = new V1ReplicaSetStatus { Replicas = 0 };
        obj.Metadata.Generation = 1;
    }

    /// <summary>Status comes from the old object; any spec change (a scale included) bumps generation.</summary>
    public override void PrepareForUpdate(V1ReplicaSet obj, V1ReplicaSet old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Status = ModelCopy.Clone(old.Status);
        obj.Metadata.Generation = SemanticEquality.AreEqual(obj.Spec, old.Spec)
            ? old.Metadata?.Generation
            : (old.Metadata?.Generation ?? 0) + 1;
    }

    public override void PrepareForStatusUpdate(V1ReplicaSet obj, V1ReplicaSet old)
    {
        obj.Metadata ??= new V1ObjectMeta();
        obj.Spec = ModelCopy.Clone(old.Spec);
        obj.Metadata.Generation = old.Metadata?.Generation;
    }

    public override void ApplyDefaults(V1ReplicaSet obj) => ReplicaSetDefaults.Apply(obj);

    public override IReadOnlyList<FieldError> ValidateCreate(V1ReplicaSet obj) => ReplicaSetValidation.ValidateCreate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1ReplicaSet obj, V1ReplicaSet old) => ReplicaSetValidation.ValidateUpdate(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1ReplicaSet obj, V1ReplicaSet old) =>
        ReplicaSetValidation.ValidateStatusUpdate(obj, old);

    /// <summary>Upstream's ReplicaSet field selector adds status.replicas.</summary>
    public override IReadOnlyDictionary<string, string> GetSelectableFields(V1ReplicaSet obj)
    {
        var fields = MetadataFields(obj);
        fields["status.replicas"] = (obj.Status?.Replicas ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return fields;
    }
}
