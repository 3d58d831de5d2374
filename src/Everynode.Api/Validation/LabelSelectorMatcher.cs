using k8s.Models;

namespace Everynode.Api.Validation;

/// <summary>
/// Evaluates a metav1.LabelSelector the way metav1.LabelSelectorAsSelector does for validation purposes:
/// a nil selector matches nothing, an empty one everything; a selector that cannot be converted
/// (unknown operator, In/NotIn without values, bad key or value) yields <c>null</c> ("no verdict").
/// </summary>
public static class LabelSelectorMatcher
{
    public static bool? Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        var result = true;
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (FormatChecks.IsQualifiedName(key).Count > 0 || FormatChecks.IsLabelValue(value ?? "").Count > 0)
            {
                return null;
            }

            result &= labels.TryGetValue(key, out var actual) && actual == value;
        }

        foreach (var r in selector.MatchExpressions ?? [])
        {
            var values = r.Values ?? [];
            if (FormatChecks.IsQualifiedName(r.Key ?? "").Count > 0 || values.Any(v => FormatChecks.IsLabelValue(v ?? "").Count > 0))
            {
                return null;
            }

            var has = labels.TryGetValue(r.Key ?? "", out var actual);
            bool? ok = r.OperatorProperty switch
            {
                "In" when values.Count > 0 => has && values.Contains(actual),
                "NotIn" when values.Count > 0 => !has || !values.Contains(actual),
                "Exists" when values.Count == 0 => has,
                "DoesNotExist" when values.Count == 0 => !has,
                _ => null,
            };
            if (ok is null)
            {
                return null;
            }

            result &= ok.Value;
        }

        return result;
    }
}
