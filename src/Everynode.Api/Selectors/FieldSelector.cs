using System.Text;

namespace Everynode.Api.Selectors;

/// <summary>A parsed field selector (upstream's fields.Selector): <c>=</c>, <c>==</c>, <c>!=</c> joined by commas.</summary>
/// <remarks>
/// Values may escape <c>\,</c>, <c>\=</c> and <c>\\</c>; field names cannot be escaped, so a term splits at
/// its first operator.
/// </remarks>
public sealed class FieldSelector
{
    private static readonly string[] TermOperators = ["!=", "==", "="];

    private FieldSelector(IReadOnlyList<FieldRequirement> requirements) => Requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    public bool IsEverything => Requirements.Count == 0;

    public IReadOnlyList<FieldRequirement> Requirements { get; }

    /// <summary>The field names the selector mentions (to check them against what the resource supports).</summary>
    public IEnumerable<string> Fields => Requirements.Select(r => r.Field).Distinct(StringComparer.Ordinal);

    /// <exception cref="SelectorParseException">A term without an operator, or a badly escaped value.</exception>
    public static FieldSelector Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Everything;
        }

        var terms = SplitTerms(text);
        terms.Sort(StringComparer.Ordinal);
        var requirements = new List<FieldRequirement>();
        foreach (var term in terms.Where(t => t.Length > 0))
        {
            var (field, op, rawValue) = SplitTerm(term)
                ?? throw new SelectorParseException($"invalid selector: '{text}'; can't understand '{term}'");
            requirements.Add(new FieldRequirement(field, op == "!=", UnescapeValue(rawValue)));
        }

        return requirements.Count == 0 ? Everything : new FieldSelector(requirements);
    }

    public bool Matches(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return Requirements.All(requirement => requirement.Matches(fields));
    }

    /// <summary>
    /// If an equality term pins <paramref name="field"/> (e.g. <c>spec.nodeName=n1</c>), its value; lets a
    /// caller use an index instead of a scan. Upstream's RequiresExactMatch.
    /// </summary>
    public bool TryGetExactMatch(string field, out string value)
    {
        var requirement = Requirements.FirstOrDefault(r => r.Field == field && !r.NotEquals);
        value = requirement?.Value ?? string.Empty;
        return requirement is not null;
    }

    public override string ToString() => string.Join(",", Requirements);

    /// <summary>Escapes <c>\</c>, <c>,</c> and <c>=</c> for use in a field selector value.</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace(",", @"\,", StringComparison.Ordinal)
            .Replace("=", @"\=", StringComparison.Ordinal);
    }

    // Splits at commas that are not escaped; escapes stay in the terms.
    private static List<string> SplitTerms(string text)
    {
        var terms = new List<string>();
        var start = 0;
        var escaped = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (escaped)
            {
                escaped = false;
            }
            else if (text[i] == '\\')
            {
                escaped = true;
            }
            else if (text[i] == ',')
            {
                terms.Add(text[start..i]);
                start = i + 1;
            }
        }

        terms.Add(text[start..]);
        return terms;
    }

    private static (string Field, string Operator, string Value)? SplitTerm(string term)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var op in TermOperators)
            {
                if (string.CompareOrdinal(term, i, op, 0, op.Length) == 0)
                {
                    return (term[..i], op, term[(i + op.Length)..]);
                }
            }
        }

        return null;
    }

    private static string UnescapeValue(string raw)
    {
        if (raw.IndexOfAny(['\\', ',', '=']) < 0)
        {
            return raw;
        }

        var value = new StringBuilder(raw.Length);
        var escaped = false;
        foreach (var c in raw)
        {
            if (escaped)
            {
                if (c is not ('\\' or ',' or '='))
                {
                    throw new SelectorParseException($"invalid field selector: invalid escape sequence: \\{c}");
                }

                value.Append(c);
                escaped = false;
            }
            else if (c == '\\')
            {
                escaped = true;
            }
            else if (c is ',' or '=')
            {
                // Upstream prints the rune with %v, i.e. its code point.
                throw new SelectorParseException($"invalid field selector: unescaped character in value: {(int)c}");
            }
            else
            {
                value.Append(c);
            }
        }

        return escaped ? throw new SelectorParseException(@"invalid field selector: invalid escape sequence: \") : value.ToString();
    }
}
