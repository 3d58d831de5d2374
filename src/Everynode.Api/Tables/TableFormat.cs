using System.Text;
using k8s.Models;

namespace Everynode.Api.Tables;

/// <summary>The small formatting helpers upstream's printers share (labels, selectors, container lists).</summary>
public static class TableFormat
{
    public const string None = "<none>";
    public const string Unknown = "<unknown>";

    /// <summary>Upstream's <c>labels.FormatLabels</c>: <c>k=v,k2=v2</c> sorted by key, or <c>&lt;none&gt;</c>.</summary>
    public static string FormatLabels(IDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0)
        {
            return None;
        }

        return string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
    }

    /// <summary>
    /// Upstream's <c>metav1.FormatLabelSelector</c>: the selector's requirements sorted by key (<c>k=v</c>,
    /// <c>k in (a,b)</c>, <c>k notin (a,b)</c>, <c>k</c>, <c>!k</c>), <c>&lt;none&gt;</c> when it selects
    /// everything or nothing, <c>&lt;error&gt;</c> when it is invalid.
    /// </summary>
    public static string FormatLabelSelector(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return None;
        }

        var requirements = new List<(string Key, string Text)>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            requirements.Add((key, $"{key}={value}"));
        }

        foreach (var e in selector.MatchExpressions ?? [])
        {
            var values = string.Join(",", (e.Values ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
            string? text = e.OperatorProperty switch
            {
                "In" => $"{e.Key} in ({values})",
                "NotIn" => $"{e.Key} notin ({values})",
                "Exists" => e.Key,
                "DoesNotExist" => "!" + e.Key,
                _ => null,
            };
            if (text is null)
            {
                return "<error>";
            }

            requirements.Add((e.Key, text));
        }

        var result = string.Join(",", requirements.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => r.Text));
        return result.Length == 0 ? None : result;
    }

    /// <summary>Upstream's <c>layoutContainerCells</c>: names and images, each comma-joined in order.</summary>
    public static (string Names, string Images) ContainerCells(IList<V1Container>? containers)
    {
        var names = new StringBuilder();
        var images = new StringBuilder();
        var list = containers ?? [];
        for (var i = 0; i < list.Count; i++)
        {
            if (i > 0)
            {
                names.Append(',');
                images.Append(',');
            }

            names.Append(list[i].Name);
            images.Append(list[i].Image);
        }

        return (names.ToString(), images.ToString());
    }
}
