using Everynode.Api.Selectors;
using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// One parsed, non-empty node selector term (upstream's nodeSelectorTerm): label requirements from matchExpressions,
/// which are upstream's label requirements (<see cref="LabelRequirement"/>, with their validation), and field
/// requirements from matchFields (In or NotIn with exactly one value).
/// </summary>
internal sealed class NodeSelectorTerm
{
    private readonly LabelRequirement[]? _labels;
    private readonly NodeFieldRequirement[]? _fields;
    private readonly bool _invalid;

    private NodeSelectorTerm(LabelRequirement[]? labels, NodeFieldRequirement[]? fields, bool invalid)
    {
        _labels = labels;
        _fields = fields;
        _invalid = invalid;
    }

    public static NodeSelectorTerm Parse(V1NodeSelectorTerm term)
    {
        var labels = term.MatchExpressions is { Count: > 0 } expressions ? ParseExpressions(expressions) : [];
        var fields = term.MatchFields is { Count: > 0 } matchFields ? ParseFields(matchFields) : [];
        return new NodeSelectorTerm(
            labels is { Length: > 0 } ? labels : null, fields is { Length: > 0 } ? fields : null, labels is null || fields is null);
    }

    /// <summary>
    /// Whether a node with these labels and this name satisfies the term. A node without a name offers no fields,
    /// and then matchFields is not checked (as upstream, whose node field set is empty for a nameless node).
    /// </summary>
    public bool Matches(IDictionary<string, string> labels, string? nodeName)
    {
        if (_invalid)
        {
            return false;
        }

        foreach (var requirement in _labels ?? [])
        {
            if (!requirement.Matches(labels))
            {
                return false;
            }
        }

        if (string.IsNullOrEmpty(nodeName))
        {
            return true;
        }

        foreach (var field in _fields ?? [])
        {
            if (!field.Matches(nodeName))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The requirements, or null if one does not parse.</summary>
    private static LabelRequirement[]? ParseExpressions(IList<V1NodeSelectorRequirement> expressions)
    {
        var parsed = new LabelRequirement[expressions.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            var expression = expressions[i];
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
            string[] values = [.. (expression.Values ?? []).Select(value => value ?? string.Empty)];
            if (op is null || !LabelRequirement.TryCreate(expression.Key ?? string.Empty, op.Value, values, out var requirement))
            {
                return null;
            }

            parsed[i] = requirement;
        }

        return parsed;
    }

    /// <summary>The requirements, or null if one does not parse.</summary>
    private static NodeFieldRequirement[]? ParseFields(IList<V1NodeSelectorRequirement> fields)
    {
        var parsed = new NodeFieldRequirement[fields.Count];
        for (var i = 0; i < parsed.Length; i++)
        {
            var field = fields[i];
            if (field.Values is not { Count: 1 } values || field.OperatorProperty is not ("In" or "NotIn"))
            {
                return null;
            }

            parsed[i] = new NodeFieldRequirement(field.Key ?? string.Empty, values[0] ?? string.Empty, field.OperatorProperty == "In");
        }

        return parsed;
    }
}
