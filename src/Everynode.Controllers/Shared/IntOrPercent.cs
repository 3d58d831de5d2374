using System.Globalization;
using k8s.Models;

namespace Everynode.Controllers.Shared;

/// <summary>An IntOrString budget (maxSurge, maxUnavailable, minAvailable) scaled to a total.</summary>
public static class IntOrPercent
{
    /// <summary>
    /// Upstream's intstr.GetScaledValueFromIntOrPercent: an integer as is; <c>N%</c> of <paramref name="total"/>,
    /// rounded up or down (N may carry a sign, as Go's Atoi reads it); anything else null. The client model keeps
    /// IntOrString as text, so integral text is read as upstream's int kind.
    /// </summary>
    public static int? GetScaledValue(IntOrString? value, int total, bool roundUp)
    {
        var text = value?.Value;
        if (text is null)
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        if (!text.EndsWith('%')
            || !int.TryParse(text[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
        {
            return null;
        }

        var scaled = (double)percent * total / 100;
        return (int)(roundUp ? Math.Ceiling(scaled) : Math.Floor(scaled));
    }
}
