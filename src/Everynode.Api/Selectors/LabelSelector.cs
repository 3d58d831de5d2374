using System.Diagnostics.CodeAnalysis;
using k8s.Models;

namespace Everynode.Api.Selectors;

/// <summary>A parsed label selector (upstream's labels.Selector): an AND of requirements, sorted by key.</summary>
public sealed class LabelSelector
{
    private readonly bool _matchesNothing;

    private LabelSelector(IReadOnlyList<LabelRequirement> requirements, bool matchesNothing = false)
    {
        Requirements = requirements;
        _matchesNothing = matchesNothing;
    }

    public static LabelSelector Everything { get; } = new([]);

    /// <summary>What a null metav1.LabelSelector means: no object matches.</summary>
    public static LabelSelector Nothing { get; } = new([], matchesNothing: true);

    public bool IsEverything => !_matchesNothing && Requirements.Count == 0;

    public IReadOnlyList<LabelRequirement> Requirements { get; }

    /// <summary>Parses the query-string form (<c>a=b,c!=d,e in (f,g),!h</c>). Null or empty selects everything.</summary>
    /// <exception cref="SelectorParseException">The text does not parse, or a key or value is invalid.</exception>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrEmpty(text) ? Everything : FromRequirements(new LabelSelectorParser(text).Parse());

    /// <summary>Converts a metav1.LabelSelector: null selects nothing, empty selects everything.</summary>
    /// <exception cref="SelectorParseException">An invalid key, value or operator.</exception>
    public static LabelSelector FromLabelSelector(V1LabelSelector? selector) => Convert(selector, throwIfInvalid: true)!;

    /// <summary>
    /// <see cref="FromLabelSelector"/> for callers to whom a selector that does not convert is no verdict rather than
    /// an error (upstream's callers of LabelSelectorAsSelector that skip an object with an invalid selector): false
    /// where FromLabelSelector would throw. The one place that decides whether a metav1.LabelSelector matches labels:
    /// <c>TryFromLabelSelector(s, out var parsed) &amp;&amp; parsed.Matches(labels)</c>.
    /// </summary>
    public static bool TryFromLabelSelector(V1LabelSelector? selector, [NotNullWhen(true)] out LabelSelector? parsed)
    {
        parsed = Convert(selector, throwIfInvalid: false);
        return parsed is not null;
    }

    private static LabelSelector? Convert(V1LabelSelector? selector, bool throwIfInvalid)
    {
        if (selector is null)
        {
            return Nothing;
        }

        var requirements = new List<LabelRequirement>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!Add(key, LabelSelectorOperator.Equals, [value ?? string.Empty]))
            {
                return null;
            }
        }

        foreach (var expression in selector.MatchExpressions ?? [])
        {
            LabelSelectorOperator? op = expression.OperatorProperty switch
            {
                "In" => LabelSelectorOperator.In,
                "NotIn" => LabelSelectorOperator.NotIn,
                "Exists" => LabelSelectorOperator.Exists,
                "DoesNotExist" => LabelSelectorOperator.DoesNotExist,
                _ => null,
            };
            if (op is null)
            {
                return throwIfInvalid
                    ? throw new SelectorParseException($"\"{expression.OperatorProperty}\" is not a valid label selector operator")
                    : null;
            }

            if (!Add(expression.Key ?? string.Empty, op.Value, [.. (expression.Values ?? []).Select(v => v ?? string.Empty)]))
            {
                return null;
            }
        }

        return FromRequirements(requirements);

        bool Add(string key, LabelSelectorOperator op, string[] values)
        {
            if (throwIfInvalid)
            {
                requirements.Add(LabelRequirement.Create(key, op, values));
                return true;
            }

            if (!LabelRequirement.TryCreate(key, op, values, out var requirement))
            {
                return false;
            }

            requirements.Add(requirement);
            return true;
        }
    }

    public bool Matches(IDictionary<string, string>? labels)
    {
        if (_matchesNothing)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        return Requirements.All(requirement => requirement.Matches(labels));
    }

    /// <summary>
    /// If the selector pins <paramref name="label"/> to one value (<c>=</c>, <c>==</c>, or <c>in</c> with one
    /// value), that value; upstream's RequiresExactMatch.
    /// </summary>
    public bool TryGetExactMatch(string label, out string value)
    {
        value = string.Empty;
        var requirement = Requirements.FirstOrDefault(r => r.Key == label);
        if (requirement is not { Operator: LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.In }
            || requirement.Values.Count != 1)
        {
            return false;
        }

        value = requirement.Values[0];
        return true;
    }

    /// <summary>Upstream's canonical string: the requirements sorted by key, joined by commas.</summary>
    public override string ToString() => string.Join(",", Requirements);

    private static LabelSelector FromRequirements(List<LabelRequirement> requirements) =>
        requirements.Count == 0 ? Everything : new([.. requirements.OrderBy(r => r.Key, StringComparer.Ordinal)]);
}
