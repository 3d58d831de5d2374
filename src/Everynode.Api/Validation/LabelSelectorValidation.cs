using k8s.Models;

namespace Everynode.Api.Validation;

/// <summary>metav1.LabelSelector validation (upstream ValidateLabelSelector with invalid label values rejected).</summary>
public static class LabelSelectorValidation
{
    public static IEnumerable<FieldError> Validate(V1LabelSelector? selector, FieldPath path, bool allowInvalidLabelValues = false)
    {
        if (selector is null)
        {
            yield break;
        }

        foreach (var e in ObjectMetaValidation.ValidateLabels(selector.MatchLabels, path.Child("matchLabels")))
        {
            yield return e;
        }

        var expressions = selector.MatchExpressions ?? [];
        for (var i = 0; i < expressions.Count; i++)
        {
            foreach (var e in ValidateRequirement(expressions[i], path.Child("matchExpressions").Index(i), allowInvalidLabelValues))
            {
                yield return e;
            }
        }
    }

    public static IEnumerable<FieldError> ValidateRequirement(V1LabelSelectorRequirement requirement, FieldPath path, bool allowInvalidLabelValues)
    {
        var values = requirement.Values ?? [];
        switch (requirement.OperatorProperty)
        {
            case "In" or "NotIn":
                if (values.Count == 0)
                {
                    yield return FieldError.Required(path.Child("values").Value, "must be specified when `operator` is 'In' or 'NotIn'");
                }

                break;
            case "Exists" or "DoesNotExist":
                if (values.Count > 0)
                {
                    yield return FieldError.Forbidden(path.Child("values").Value, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                }

                break;
            default:
                yield return FieldError.Invalid(path.Child("operator").Value, requirement.OperatorProperty ?? "", "not a valid selector operator");
                break;
        }

        foreach (var m in FormatChecks.IsQualifiedName(requirement.Key ?? ""))
        {
            yield return FieldError.Invalid(path.Child("key").Value, requirement.Key ?? "", m);
        }

        if (!allowInvalidLabelValues)
        {
            for (var i = 0; i < values.Count; i++)
            {
                foreach (var m in FormatChecks.IsLabelValue(values[i] ?? ""))
                {
                    yield return FieldError.Invalid(path.Child("values").Index(i).Value, values[i], m);
                }
            }
        }
    }

    /// <summary>True if a stored selector already holds an invalid value (updates then tolerate it, as upstream does).</summary>
    public static bool HasInvalidLabelValue(V1LabelSelector? selector) =>
        selector?.MatchExpressions?.Any(e => (e.Values ?? []).Any(v => FormatChecks.IsLabelValue(v ?? "").Count > 0)) == true;
}
