using Everynode.Api.Selectors;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// The hard node constraints of a pod, as the scheduler's NodeAffinity filter sees them (upstream's
/// nodeaffinity.GetRequiredNodeAffinity): <c>spec.nodeSelector</c> AND the required node selector terms.
/// </summary>
public static class RequiredNodeAffinity
{
    /// <summary>
    /// Whether <paramref name="node"/> satisfies the pod spec's nodeSelector and required node affinity. Terms are
    /// ORed, requirements within a term ANDed; an empty term selects nothing; a term that does not parse never
    /// matches (parse errors are otherwise ignored, as the DaemonSet controller ignores them).
    /// </summary>
    public static bool Matches(V1PodSpec spec, V1Node node)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(node);
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        foreach (var (key, value) in spec.NodeSelector ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        var required = spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        if (required is null)
        {
            return true;
        }

        var nodeName = node.Metadata?.Name ?? string.Empty;
        return (required.NodeSelectorTerms ?? []).Any(term => TermMatches(term, labels, nodeName));
    }

    /// <summary>Upstream's nodeSelectorTerm.match; false for an empty term or one that does not parse.</summary>
    public static bool TermMatches(V1NodeSelectorTerm term, IDictionary<string, string> nodeLabels, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(term);
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        if (!TryParseExpressions(expressions, out var requirements) || !TryParseFields(fields, out var fieldMatch))
        {
            return false;
        }

        return requirements.TrueForAll(requirement => requirement.Matches(nodeLabels))
            && (fieldMatch is null || fieldMatch(nodeName));
    }

    private static bool TryParseExpressions(IList<V1NodeSelectorRequirement> expressions, out List<LabelRequirement> parsed)
    {
        parsed = [];
        foreach (var expression in expressions)
        {
            LabelSelectorOperator? op = expression.OperatorProperty switch
            {
                "In" => LabelSelectorOperator.In,
                "NotIn" => LabelSelectorOperator.NotIn,
                "Exists" => LabelSelectorOperator.Exists,
                "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                "Gt" => LabelSelectorOperator.GreaterThan,
                "Lt" => LabelSelectorOperator.LessThan,
                _ => null,
            };
            if (op is null)
            {
                return false;
            }

            try
            {
                parsed.Add(LabelRequirement.Create(expression.Key ?? string.Empty, op.Value, [.. expression.Values ?? []]));
            }
            catch (SelectorParseException)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseFields(IList<V1NodeSelectorRequirement> fields, out Func<string, bool>? match)
    {
        match = null;
        if (fields.Count == 0)
        {
            return true;
        }

        var checks = new List<Func<string, bool>>();
        foreach (var field in fields)
        {
            if (field.Values is not { Count: 1 } values || field.OperatorProperty is not ("In" or "NotIn"))
            {
                return false;
            }

            // The node offers one field, metadata.name; any other key reads as the empty string, as in a fields.Set.
            var isName = field.Key == DaemonSetLabels.ObjectNameField;
            var wanted = values[0];
            var equal = field.OperatorProperty == "In";
            checks.Add(name => ((isName ? name : string.Empty) == wanted) == equal);
        }

        match = name => checks.TrueForAll(check => check(name));
        return true;
    }
}
