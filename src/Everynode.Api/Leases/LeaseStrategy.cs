using Everynode.Api.Resources;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Leases;

/// <summary>Object life cycle rules for V1Lease (upstream pkg/apis/coordination/validation).</summary>
public sealed class LeaseStrategy : ResourceStrategy<V1Lease>
{
    public override IReadOnlyList<FieldError> ValidateCreate(V1Lease obj)
    {
        var errs = ObjectMetaValidation.ValidateCreate(obj.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        errs.AddRange(ValidateSpec(obj.Spec));
        return errs;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(V1Lease obj, V1Lease old)
    {
        var errs = ObjectMetaValidation.ValidateUpdate(obj.Metadata, old.Metadata);
        errs.AddRange(ValidateSpec(obj.Spec));
        return errs;
    }

    private static IEnumerable<FieldError> ValidateSpec(V1LeaseSpec? spec)
    {
        if (spec?.LeaseDurationSeconds is { } duration and <= 0)
        {
            yield return FieldError.Invalid("spec.leaseDurationSeconds", duration, "must be greater than 0");
        }

        if (spec?.LeaseTransitions is { } transitions and < 0)
        {
            yield return FieldError.Invalid("spec.leaseTransitions", transitions, ValidationMessages.IsNegative);
        }

        if (!string.IsNullOrEmpty(spec?.PreferredHolder) && string.IsNullOrEmpty(spec.Strategy))
        {
            yield return FieldError.Forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined");
        }
    }
}
