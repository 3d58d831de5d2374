using System.Globalization;
using k8s.Models;

namespace Everynode.Api.Validation;

/// <summary>
/// Resource quantity helpers. Parsing itself happens when JSON is decoded (KubernetesClient's ResourceQuantity
/// throws FormatException for text like "abc"), so here quantities are already numbers.
/// </summary>
public static class Quantities
{
    public static decimal Value(ResourceQuantity? quantity) => quantity?.ToDecimal() ?? 0m;

    /// <summary>
    /// The quantity as upstream's Quantity.String() prints it. The client library's canonical form is used for
    /// non-negative values; its rendering of negative values is broken, so those are printed from the number.
    /// </summary>
    public static string Format(ResourceQuantity? quantity)
    {
        if (quantity is null)
        {
            return "0";
        }

        var value = quantity.ToDecimal();
        if (value >= 0)
        {
            return quantity.ToString();
        }

        if (value == decimal.Truncate(value))
        {
            return value.ToString("0", CultureInfo.InvariantCulture);
        }

        var milli = value * 1000;
        return milli == decimal.Truncate(milli)
            ? milli.ToString("0", CultureInfo.InvariantCulture) + "m"
            : value.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>upstream ValidateNonnegativeQuantity: value printed as a quoted string.</summary>
    public static IEnumerable<FieldError> NonNegative(ResourceQuantity? quantity, FieldPath path)
    {
        if (Value(quantity) < 0)
        {
            yield return FieldError.Invalid(path.Value, Format(quantity), ValidationMessages.IsNegative);
        }
    }
}
