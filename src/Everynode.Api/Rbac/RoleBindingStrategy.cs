using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Rbac;

/// <summary>Object life cycle rules for rbac.authorization.k8s.io/v1 RoleBinding: roleRef never changes.</summary>
public sealed class RoleBindingStrategy : ResourceStrategy<V1RoleBinding>
{
    public override IReadOnlyList<FieldError> ValidateCreate(V1RoleBinding obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: true, RbacValidation.Name);
        errs.AddRange(RbacValidation.RoleRef(obj.RoleRef, clusterBinding: false));
        errs.AddRange(RbacValidation.Subjects(obj.Subjects, clusterBinding: false));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1RoleBinding obj, V1RoleBinding old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        errs.AddRange(RbacValidation.RoleRefUnchanged(obj.RoleRef, old.RoleRef));
        errs.AddRange(RbacValidation.Subjects(obj.Subjects, clusterBinding: false));
        return errs;
    }
}
