using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// Converts quantities to the integers the scheduler compares, as upstream's Quantity.MilliValue() and Value()
/// do: fractions round up (so "0.5m" of cpu is 1 milli-CPU and "100m" of memory is 1 byte), and values beyond
/// the range of a long saturate instead of wrapping.
/// </summary>
public static class ResourceQuantities
{
    /// <summary>The quantity in thousandths: milli-CPU for cpu.</summary>
    public static long ToMilli(ResourceQuantity? quantity) => quantity is null ? 0 : RoundUp(Decimal(quantity), 1000m);

    /// <summary>The quantity in units: bytes for memory and storage, a count for pods and extended resources.</summary>
    public static long ToValue(ResourceQuantity? quantity) => quantity is null ? 0 : RoundUp(Decimal(quantity), 1m);

    /// <summary>The value of a resource as the scheduler counts it: milli-CPU for cpu, units for everything else.</summary>
    public static long ForResource(string name, ResourceQuantity? quantity) =>
        name == ResourceNames.Cpu ? ToMilli(quantity) : ToValue(quantity);

    private static decimal? Decimal(ResourceQuantity quantity)
    {
        try
        {
            return quantity.ToDecimal();
        }
        catch (OverflowException)
        {
            // Only quantities far beyond any real machine get here ("1E30"); the sign is what matters.
            return quantity.ToString().StartsWith('-') ? decimal.MinValue : decimal.MaxValue;
        }
    }

    internal static long RoundUp(decimal? value, decimal scale)
    {
        if (value is not { } v)
        {
            return 0;
        }

        try
        {
            var scaled = decimal.Ceiling(v * scale);
            return scaled >= long.MaxValue ? long.MaxValue : scaled <= long.MinValue ? long.MinValue : (long)scaled;
        }
        catch (OverflowException)
        {
            return v > 0 ? long.MaxValue : long.MinValue;
        }
    }
}
