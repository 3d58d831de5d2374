using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Rbac;

/// <summary>Object life cycle rules for rbac.authorization.k8s.io/v1 Role.</summary>
public sealed class RoleStrategy : ResourceStrategy<V1Role>
{
    public override IReadOnlyList<FieldError> ValidateCreate(V1Role obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: true, RbacValidation.Name);
        errs.AddRange(RbacValidation.Rules(obj.Rules, namespaced: true));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Role obj, V1Role old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        errs.AddRange(RbacValidation.Rules(obj.Rules, namespaced: true));
        return errs;
    }
}
