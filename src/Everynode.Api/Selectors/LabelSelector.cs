using k8s.Models;

namespace Everynode.Api.Selectors;

/// <summary>A parsed label selector (upstream's labels.Selector).</summary>
public sealed class LabelSelector
{
    private readonly bool _stub = true;

    public static LabelSelector Everything { get; } = new();

    public bool IsEverything => _stub;

    /// <summary>Parses the query-string form (<c>a=b,c!=d,e in (f,g),!h</c>). Null or empty selects everything.</summary>
    public static LabelSelector Parse(string? text) =>
        string.IsNullOrEmpty(text) ? Everything : throw new NotImplementedException();

    /// <summary>Converts a metav1.LabelSelector: null selects nothing, empty selects everything.</summary>
    public static LabelSelector FromLabelSelector(V1LabelSelector? selector) => throw new NotImplementedException();

    public bool Matches(IDictionary<string, string>? labels) => _stub;
}
