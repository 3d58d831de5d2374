using Everynode.Api.Models;
using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Nodes;

/// <summary>Object life cycle rules for V1Node (upstream pkg/registry/core/node/strategy.go). Nodes may set status on create.</summary>
public sealed class NodeStrategy : ResourceStrategy<V1Node>
{
    public override void PrepareForUpdate(V1Node obj, V1Node old) => obj.Status = ModelCopy.Clone(old.Status);

    public override void PrepareForStatusUpdate(V1Node obj, V1Node old) => obj.Spec = ModelCopy.Clone(old.Spec);

    /// <summary>allocatable defaults to capacity.</summary>
    public override void ApplyDefaults(V1Node obj)
    {
        if (obj.Status is { Allocatable: null, Capacity: not null } status)
        {
            status.Allocatable = status.Capacity.ToDictionary(kv => kv.Key, kv => new ResourceQuantity(kv.Value.ToString()));
        }
    }

    public override IReadOnlyList<FieldError> ValidateCreate(V1Node obj) => NodeValidation.ValidateCreate(obj);

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Node obj, V1Node old) => NodeValidation.ValidateUpdate(obj, old);

    public override IReadOnlyList<FieldError> ValidateStatusUpdate(V1Node obj, V1Node old) => NodeValidation.ValidateUpdate(obj, old);

    public override IReadOnlyDictionary<string, string> GetSelectableFields(V1Node obj)
    {
        var fields = MetadataFields(obj);
        fields["spec.unschedulable"] = obj.Spec?.Unschedulable == true ? "true" : "false";
        return fields;
    }
}
