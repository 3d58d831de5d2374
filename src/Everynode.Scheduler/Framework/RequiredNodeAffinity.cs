using System.Globalization;
using k8s.Models;

namespace Everynode.Scheduler.Framework;

/// <summary>
/// A pod's hard node constraints (upstream nodeaffinity.RequiredNodeAffinity): spec.nodeSelector, which every
/// label must match, AND requiredDuringSchedulingIgnoredDuringExecution, whose terms are ORed and whose
/// expressions within a term are ANDed. A term that cannot be parsed (wrong number of values, a non-integer
/// for Gt/Lt, an unknown operator) matches nothing, and so does an empty term; matchFields knows only
/// metadata.name with In/NotIn and exactly one value.
/// </summary>
internal sealed class RequiredNodeAffinity
{
    private const string ObjectNameField = "metadata.name";

    private readonly IDictionary<string, string>? _nodeSelector;
    private readonly IList<V1NodeSelectorTerm>? _terms;

    private RequiredNodeAffinity(IDictionary<string, string>? nodeSelector, IList<V1NodeSelectorTerm>? terms)
    {
        _nodeSelector = nodeSelector;
        _terms = terms;
    }

    /// <summary>True when neither a nodeSelector nor required node affinity constrains the pod.</summary>
    public bool IsEmpty => (_nodeSelector is null || _nodeSelector.Count == 0) && _terms is null;

    public static RequiredNodeAffinity Of(V1Pod pod)
    {
        var required = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return new RequiredNodeAffinity(pod.Spec?.NodeSelector, required is null ? null : required.NodeSelectorTerms ?? []);
    }

    public bool Match(V1Node node)
    {
        var labels = node.Metadata?.Labels ?? new Dictionary<string, string>();
        if (_nodeSelector is not null)
        {
            foreach (var (key, value) in _nodeSelector)
            {
                if (!labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        return _terms is null || _terms.Any(t => TermMatches(t, labels, node.Metadata?.Name ?? ""));
    }

    private static bool TermMatches(V1NodeSelectorTerm term, IDictionary<string, string> labels, string nodeName)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        // Every requirement is checked for validity, not just up to the first mismatch: an invalid term never matches.
        var matches = true;
        foreach (var requirement in expressions)
        {
            if (LabelRequirementMatches(requirement, labels) is not { } ok)
            {
                return false;
            }

            matches &= ok;
        }

        foreach (var requirement in fields)
        {
            if (FieldRequirementMatches(requirement, nodeName) is not { } ok)
            {
                return false;
            }

            matches &= ok;
        }

        return matches;
    }

    /// <summary>Null when the requirement is invalid.</summary>
    private static bool? LabelRequirementMatches(V1NodeSelectorRequirement r, IDictionary<string, string> labels)
    {
        var values = r.Values ?? [];
        var present = labels.TryGetValue(r.Key ?? "", out var actual);
        switch (r.OperatorProperty)
        {
            case "In" when values.Count > 0:
                return present && values.Contains(actual!);
            case "NotIn" when values.Count > 0:
                return !present || !values.Contains(actual!);
            case "Exists" when values.Count == 0:
                return present;
            case "DoesNotExist" when values.Count == 0:
                return !present;
            case "Gt" or "Lt" when values.Count == 1 && TryParse(values[0], out var bound):
                if (!present || !TryParse(actual!, out var number))
                {
                    return false;
                }

                return r.OperatorProperty == "Gt" ? number > bound : number < bound;
            default:
                return null;
        }
    }

    private static bool? FieldRequirementMatches(V1NodeSelectorRequirement r, string nodeName)
    {
        if (r.Values is not { Count: 1 } values)
        {
            return null;
        }

        // Only metadata.name is a field of a node here; any other key reads as the empty string, as upstream.
        var actual = r.Key == ObjectNameField ? nodeName : "";
        return r.OperatorProperty switch
        {
            "In" => actual == values[0],
            "NotIn" => actual != values[0],
            _ => null,
        };
    }

    private static bool TryParse(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
