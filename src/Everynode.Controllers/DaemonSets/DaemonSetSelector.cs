using Everynode.Api.Selectors;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>The DaemonSet's pod selector, and the one selector the controller refuses to act on.</summary>
public static class DaemonSetSelector
{
    /// <summary>
    /// The empty selector <c>{}</c> selects every pod in the namespace; the controller records
    /// <see cref="DaemonSetEvents.SelectingAll"/> and does nothing. (A null selector selects nothing instead.)
    /// </summary>
    public static bool IsSelectingAll(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return ds.Spec?.Selector is { } selector
            && (selector.MatchLabels is null || selector.MatchLabels.Count == 0)
            && (selector.MatchExpressions is null || selector.MatchExpressions.Count == 0);
    }

    /// <summary>The parsed selector.</summary>
    /// <exception cref="SelectorParseException">The selector is invalid (validation should have prevented it).</exception>
    public static LabelSelector Selector(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return LabelSelector.FromLabelSelector(ds.Spec?.Selector);
    }
}
