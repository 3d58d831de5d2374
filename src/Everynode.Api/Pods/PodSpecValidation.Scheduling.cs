using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.Pods;

public static partial class PodSpecValidation
{
    internal static readonly string[] TaintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

    /// <summary>upstream ValidateTolerations: key, operator/value pairing, effect, tolerationSeconds only with NoExecute.</summary>
    public static IEnumerable<FieldError> ValidateTolerations(IList<V1Toleration>? tolerations, FieldPath path)
    {
        for (var i = 0; i < (tolerations?.Count ?? 0); i++)
        {
            var t = tolerations![i];
            var tPath = path.Index(i);
            var key = t.Key ?? "";
            var op = t.OperatorProperty ?? "";
            var value = t.Value ?? "";
            if (key.Length > 0)
            {
                foreach (var m in FormatChecks.IsQualifiedName(key))
                {
                    yield return FieldError.Invalid(tPath.Child("key").Value, key, m);
                }
            }

            if (key.Length == 0 && op != "Exists")
            {
                yield return FieldError.Invalid(tPath.Child("operator").Value, op,
                    "operator must be Exists when `key` is empty, which means \"match all values and all keys\"");
            }

            if (t.TolerationSeconds is not null && t.Effect != "NoExecute")
            {
                yield return FieldError.Invalid(tPath.Child("effect").Value, t.Effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set");
            }

            switch (op)
            {
                case "Equal" or "":
                    var msgs = FormatChecks.IsLabelValue(value);
                    if (msgs.Count > 0)
                    {
                        yield return FieldError.Invalid(tPath.Child("operator").Value, value, string.Join(";", msgs));
                    }

                    break;
                case "Exists":
                    if (value.Length > 0)
                    {
                        yield return FieldError.Invalid(tPath.Child("operator").Value, value, "value must be empty when `operator` is 'Exists'");
                    }

                    break;
                default:
                    yield return FieldError.NotSupported(tPath.Child("operator").Value, op, ["Equal", "Exists"]);
                    break;
            }

            if (!string.IsNullOrEmpty(t.Effect) && !TaintEffects.Contains(t.Effect))
            {
                yield return FieldError.NotSupported(tPath.Child("effect").Value, t.Effect, TaintEffects);
            }
        }
    }

    private static IEnumerable<FieldError> ValidateAffinity(V1Affinity? affinity, FieldPath path)
    {
        var required = affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is null)
        {
            yield break;
        }

        var termsPath = path.Child("nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms");
        var terms = required.NodeSelectorTerms ?? [];
        if (terms.Count == 0)
        {
            yield return FieldError.Required(termsPath.Value, "must have at least one node selector term");
            yield break;
        }

        for (var i = 0; i < terms.Count; i++)
        {
            var expressions = terms[i].MatchExpressions ?? [];
            for (var j = 0; j < expressions.Count; j++)
            {
                foreach (var e in ValidateNodeSelectorRequirement(expressions[j], termsPath.Index(i).Child("matchExpressions").Index(j)))
                {
                    yield return e;
                }
            }
        }
    }

    private static IEnumerable<FieldError> ValidateNodeSelectorRequirement(V1NodeSelectorRequirement r, FieldPath path)
    {
        var values = r.Values ?? [];
        switch (r.OperatorProperty)
        {
            case "In" or "NotIn" when values.Count == 0:
                yield return FieldError.Required(path.Child("values").Value, "must be specified when `operator` is 'In' or 'NotIn'");
                break;
            case "Exists" or "DoesNotExist" when values.Count > 0:
                yield return FieldError.Forbidden(path.Child("values").Value, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
                break;
            case "Gt" or "Lt" when values.Count != 1:
                yield return FieldError.Required(path.Child("values").Value, "must be specified single value when `operator` is 'Lt' or 'Gt'");
                break;
            case "In" or "NotIn" or "Exists" or "DoesNotExist" or "Gt" or "Lt":
                break;
            default:
                yield return FieldError.Invalid(path.Child("operator").Value, r.OperatorProperty ?? "", "not a valid selector operator");
                break;
        }

        foreach (var m in FormatChecks.IsQualifiedName(r.Key ?? ""))
        {
            yield return FieldError.Invalid(path.Child("key").Value, r.Key ?? "", m);
        }

        for (var i = 0; i < values.Count; i++)
        {
            foreach (var m in FormatChecks.IsLabelValue(values[i] ?? ""))
            {
                yield return FieldError.Invalid(path.Child("values").Index(i).Value, values[i], m);
            }
        }
    }
}
