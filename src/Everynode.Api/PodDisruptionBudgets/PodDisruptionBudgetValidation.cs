using Everynode.Api.DaemonSets;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.PodDisruptionBudgets;

/// <summary>policy/v1 PodDisruptionBudget validation with upstream's messages and paths (pkg/apis/policy/validation).</summary>
public static class PodDisruptionBudgetValidation
{
    public const string IfHealthyBudget = "IfHealthyBudget";
    public const string AlwaysAllow = "AlwaysAllow";

    private static readonly FieldPath Spec = FieldPath.Root("spec");
    private static readonly FieldPath Status = FieldPath.Root("status");

    public static List<FieldError> ValidateCreate(V1PodDisruptionBudget pdb)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var errs = ObjectMetaValidation.ValidateCreate(pdb.Metadata, namespaced: true, NameValidators.DnsSubdomain);
        errs.AddRange(ValidateSpec(pdb.Spec ?? new V1PodDisruptionBudgetSpec()));
        return errs;
    }

    public static IReadOnlyList<FieldError> ValidateUpdate(V1PodDisruptionBudget pdb, V1PodDisruptionBudget old)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        ArgumentNullException.ThrowIfNull(old);
        var errs = ValidateCreate(pdb);
        errs.AddRange(ObjectMetaValidation.ValidateUpdate(pdb.Metadata, old.Metadata));
        return FieldErrors.Distinct(errs);
    }

    public static IReadOnlyList<FieldError> ValidateStatusUpdate(V1PodDisruptionBudget pdb, V1PodDisruptionBudget old)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        ArgumentNullException.ThrowIfNull(old);
        var errs = ObjectMetaValidation.ValidateUpdate(pdb.Metadata, old.Metadata);
        var s = pdb.Status ?? new V1PodDisruptionBudgetStatus();
        errs.AddRange(FieldErrors.NonNegative(s.DisruptionsAllowed, Status.Child("disruptionsAllowed")));
        errs.AddRange(FieldErrors.NonNegative(s.CurrentHealthy, Status.Child("currentHealthy")));
        errs.AddRange(FieldErrors.NonNegative(s.DesiredHealthy, Status.Child("desiredHealthy")));
        errs.AddRange(FieldErrors.NonNegative(s.ExpectedPods, Status.Child("expectedPods")));
        return errs;
    }

    public static IEnumerable<FieldError> ValidateSpec(V1PodDisruptionBudgetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errs = new List<FieldError>();
        if (spec.MinAvailable is not null && spec.MaxUnavailable is not null)
        {
            errs.Add(FieldError.Invalid(Spec.Value, GoSpec(spec), "minAvailable and maxUnavailable cannot be both set"));
        }

        foreach (var (value, name) in new[] { (spec.MinAvailable, "minAvailable"), (spec.MaxUnavailable, "maxUnavailable") })
        {
            if (value is not null)
            {
                errs.AddRange(DaemonSetValidation.ValidatePositiveIntOrPercent(value, Spec.Child(name)));
                errs.AddRange(DaemonSetValidation.NotMoreThan100Percent(value, Spec.Child(name)));
            }
        }

        errs.AddRange(LabelSelectorValidation.Validate(spec.Selector, Spec.Child("selector")));
        if (spec.UnhealthyPodEvictionPolicy is { } policy && policy is not (IfHealthyBudget or AlwaysAllow))
        {
            errs.Add(FieldError.NotSupported(Spec.Child("unhealthyPodEvictionPolicy").Value, policy, [AlwaysAllow, IfHealthyBudget]));
        }

        return errs;
    }

    // Go's %v of the internal spec struct: set pointers print as addresses upstream.
    private static FieldError.Verbatim GoSpec(V1PodDisruptionBudgetSpec spec)
    {
        static string Pointer(string type, object? value) => $"({type})({(value is null ? "nil" : "0xc000000000")})";
        return new FieldError.Verbatim(
            $"policy.PodDisruptionBudgetSpec{{MinAvailable:{Pointer("*intstr.IntOrString", spec.MinAvailable)}, Selector:{Pointer("*v1.LabelSelector", spec.Selector)}, "
            + $"MaxUnavailable:{Pointer("*intstr.IntOrString", spec.MaxUnavailable)}, UnhealthyPodEvictionPolicy:{Pointer("*policy.UnhealthyPodEvictionPolicyType", spec.UnhealthyPodEvictionPolicy)}}}");
    }
}
