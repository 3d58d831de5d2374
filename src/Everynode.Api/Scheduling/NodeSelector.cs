using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// A parsed v1.NodeSelector (upstream's nodeaffinity.LazyErrorNodeSelector): its terms are ORed, the requirements
/// within a term ANDed. A null or empty term selects nothing; a term with a requirement that does not parse (an
/// invalid key or value, the wrong number of values, a non-integer for Gt/Lt, an unknown operator) never matches,
/// and does not keep another term from matching. Parse errors are not reported: every caller ignores them.
/// </summary>
public sealed class NodeSelector
{
    /// <summary>The one node field matchFields can name (upstream's metav1.ObjectNameField).</summary>
    public const string ObjectNameField = "metadata.name";

    private readonly NodeSelectorTerm[] _terms;

    private NodeSelector(NodeSelectorTerm[] terms) => _terms = terms;

    public static NodeSelector Parse(V1NodeSelector selector)
    {
        ArgumentNullException.ThrowIfNull(selector);
        return new NodeSelector([.. (selector.NodeSelectorTerms ?? [])
            .Where(term => term is not null && (term.MatchExpressions is { Count: > 0 } || term.MatchFields is { Count: > 0 }))
            .Select(NodeSelectorTerm.Parse)]);
    }

    public bool Match(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var labels = node.Metadata?.Labels ?? EmptyLabels;
        var name = node.Metadata?.Name;
        foreach (var term in _terms)
        {
            if (term.Matches(labels, name))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly Dictionary<string, string> EmptyLabels = [];
}
