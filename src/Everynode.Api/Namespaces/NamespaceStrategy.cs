using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.Namespaces;

/// <summary>Object life cycle rules for V1Namespace.</summary>
public sealed class NamespaceStrategy : ResourceStrategy<V1Namespace>
{
    public override IReadOnlyDictionary<string, string> GetSelectableFields(V1Namespace obj)
    {
        var fields = MetadataFields(obj);
        fields["status.phase"] = obj.Status?.Phase ?? "";
        return fields;
    }
}
