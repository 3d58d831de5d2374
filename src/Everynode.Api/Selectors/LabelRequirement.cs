using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Everynode.Api.Selectors;

/// <summary>One requirement of a label selector: a key, an operator and (depending on it) values.</summary>
public sealed class LabelRequirement
{
    private LabelRequirement(string key, LabelSelectorOperator @operator, IReadOnlyList<string> values)
    {
        Key = key;
        Operator = @operator;
        Values = values;
    }

    public string Key { get; }

    public LabelSelectorOperator Operator { get; }

    /// <summary>The values as given: one for =, ==, !=, &gt;, &lt;; at least one for in/notin; none otherwise.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>
    /// Validates like upstream's labels.NewRequirement; every problem is reported in one
    /// <see cref="SelectorParseException"/> (field paths <c>key</c> and <c>values[i][key]</c>).
    /// </summary>
    public static LabelRequirement Create(string key, LabelSelectorOperator @operator, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        var errors = Problems(key, @operator, values);
        return errors.Count switch
        {
            0 => new LabelRequirement(key, @operator, [.. values]),
            1 => throw new SelectorParseException(errors[0]),
            _ => throw new SelectorParseException($"[{string.Join(", ", errors.Distinct())}]"),
        };
    }

    /// <summary>
    /// <see cref="Create"/> for callers to whom an invalid requirement is an answer rather than an error (a node
    /// selector term that does not parse matches nothing): false, with no requirement, where Create would throw.
    /// </summary>
    public static bool TryCreate(
        string key, LabelSelectorOperator @operator, IReadOnlyList<string> values, [NotNullWhen(true)] out LabelRequirement? requirement)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(values);
        requirement = Problems(key, @operator, values).Count == 0 ? new LabelRequirement(key, @operator, [.. values]) : null;
        return requirement is not null;
    }

    public bool Matches(IDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var has = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.In =>
                has && Values.Contains(value!),
            LabelSelectorOperator.NotEquals or LabelSelectorOperator.NotIn => !has || !Values.Contains(value!),
            LabelSelectorOperator.Exists => has,
            LabelSelectorOperator.DoesNotExist => !has,
            _ => has && TryParseInteger(value!, out var actual) && Values.Count == 1 && TryParseInteger(Values[0], out var bound)
                && (Operator == LabelSelectorOperator.GreaterThan ? actual > bound : actual < bound),
        };
    }

    /// <summary>Upstream's canonical form: <c>!k</c>, <c>k</c>, <c>k=v</c>, <c>k in (a,b)</c>, … with sorted values.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (Operator == LabelSelectorOperator.DoesNotExist)
        {
            text.Append('!');
        }

        text.Append(Key);
        var rendered = Values.Count == 1 ? Values[0] : string.Join(",", Values.Order(StringComparer.Ordinal));
        return Operator switch
        {
            LabelSelectorOperator.Equals => text.Append('=').Append(rendered).ToString(),
            LabelSelectorOperator.DoubleEquals => text.Append("==").Append(rendered).ToString(),
            LabelSelectorOperator.NotEquals => text.Append("!=").Append(rendered).ToString(),
            LabelSelectorOperator.In => text.Append(" in (").Append(rendered).Append(')').ToString(),
            LabelSelectorOperator.NotIn => text.Append(" notin (").Append(rendered).Append(')').ToString(),
            LabelSelectorOperator.GreaterThan => text.Append('>').Append(rendered).ToString(),
            LabelSelectorOperator.LessThan => text.Append('<').Append(rendered).ToString(),
            _ => text.ToString(),
        };
    }

    private static List<string> Problems(string key, LabelSelectorOperator @operator, IReadOnlyList<string> values)
    {
        var errors = new List<string>();
        if (Validation.FormatChecks.IsQualifiedName(key) is { Count: > 0 } keyErrors)
        {
            errors.Add(Invalid("key", Quote(key), keyErrors));
        }

        switch (@operator)
        {
            case LabelSelectorOperator.In or LabelSelectorOperator.NotIn when values.Count == 0:
                errors.Add(Invalid("values", ValuesJson(values), ["for 'in', 'notin' operators, values set can't be empty"]));
                break;
            case LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.NotEquals
                when values.Count != 1:
                errors.Add(Invalid("values", ValuesJson(values), ["exact-match compatibility requires one single value"]));
                break;
            case LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist when values.Count != 0:
                errors.Add(Invalid("values", ValuesJson(values), ["values set must be empty for exists and does not exist"]));
                break;
            case LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan:
                if (values.Count != 1)
                {
                    errors.Add(Invalid("values", ValuesJson(values), ["for 'Gt', 'Lt' operators, exactly one value is required"]));
                }

                for (var i = 0; i < values.Count; i++)
                {
                    if (!TryParseInteger(values[i], out _))
                    {
                        errors.Add(Invalid($"values[{i}]", Quote(values[i]), ["for 'Gt', 'Lt' operators, the value must be an integer"]));
                    }
                }

                break;
        }

        // Every operator's values must be label values, Gt and Lt too: "-1" is an integer but not a label value.
        for (var i = 0; i < values.Count; i++)
        {
            if (Validation.FormatChecks.IsLabelValue(values[i]) is { Count: > 0 } valueErrors)
            {
                errors.Add(Invalid($"values[{i}][{key}]", Quote(values[i]), valueErrors));
            }
        }

        return errors;
    }

    private static string ValuesJson(IReadOnlyList<string> values) => JsonSerializer.Serialize(values);

    /// <summary>Upstream's field.Invalid rendering: <c>path: Invalid value: "v": detail; detail</c>.</summary>
    internal static string Invalid(string path, string renderedValue, IEnumerable<string> details) =>
        $"{path}: Invalid value: {renderedValue}: {string.Join("; ", details)}";

    /// <summary>Go's %q for the usual label text.</summary>
    internal static string Quote(string value)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => quoted.Append(@"\\"),
                '"' => quoted.Append("\\\""),
                '\n' => quoted.Append(@"\n"),
                '\t' => quoted.Append(@"\t"),
                '\r' => quoted.Append(@"\r"),
                < ' ' => quoted.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    private static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
