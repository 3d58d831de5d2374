using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Rbac;

/// <summary>Object life cycle rules for rbac.authorization.k8s.io/v1 ClusterRoleBinding: roleRef never changes.</summary>
public sealed class ClusterRoleBindingStrategy : ResourceStrategy<V1ClusterRoleBinding>
{
    public override IReadOnlyList<FieldError> ValidateCreate(V1ClusterRoleBinding obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: false, RbacValidation.Name);
        errs.AddRange(RbacValidation.RoleRef(obj.RoleRef, clusterBinding: true));
        errs.AddRange(RbacValidation.Subjects(obj.Subjects, clusterBinding: true));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1ClusterRoleBinding obj, V1ClusterRoleBinding old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        errs.AddRange(RbacValidation.RoleRefUnchanged(obj.RoleRef, old.RoleRef));
        errs.AddRange(RbacValidation.Subjects(obj.Subjects, clusterBinding: true));
        return errs;
    }
}
