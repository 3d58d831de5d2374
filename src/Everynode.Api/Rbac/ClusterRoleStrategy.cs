using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Rbac;

/// <summary>Object life cycle rules for rbac.authorization.k8s.io/v1 ClusterRole.</summary>
public sealed class ClusterRoleStrategy : ResourceStrategy<V1ClusterRole>
{
    public override IReadOnlyList<FieldError> ValidateCreate(V1ClusterRole obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: false, RbacValidation.Name);
        errs.AddRange(RbacValidation.Rules(obj.Rules, namespaced: false));
        errs.AddRange(RbacValidation.AggregationRule(obj.AggregationRule));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1ClusterRole obj, V1ClusterRole old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        errs.AddRange(RbacValidation.Rules(obj.Rules, namespaced: false));
        errs.AddRange(RbacValidation.AggregationRule(obj.AggregationRule));
        return errs;
    }
}
