using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.Nodes;

/// <summary>Object life cycle rules for V1Node.</summary>
public sealed class NodeStrategy : ResourceStrategy<V1Node>
{
    public override IReadOnlyDictionary<string, string> GetSelectableFields(V1Node obj)
    {
        var fields = MetadataFields(obj);
        fields["spec.unschedulable"] = obj.Spec?.Unschedulable == true ? "true" : "false";
        return fields;
    }
}
