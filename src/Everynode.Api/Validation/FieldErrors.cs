namespace Everynode.Api.Validation;

/// <summary>Helpers over lists of <see cref="FieldError"/>.</summary>
public static class FieldErrors
{
    /// <summary>
    /// Drops repeated errors (same rendered text), keeping the first. Upstream validates some parts twice on
    /// update and deduplicates when it aggregates the message; doing it here keeps the causes list clean too.
    /// </summary>
    public static IReadOnlyList<FieldError> Distinct(IEnumerable<FieldError> errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return errors.Where(e => seen.Add(e.ToString())).ToList();
    }

    /// <summary>upstream ValidateNonnegativeField: <c>Invalid value: -1: must be greater than or equal to 0</c>.</summary>
    public static IEnumerable<FieldError> NonNegative(long? value, FieldPath path)
    {
        if (value is < 0)
        {
            yield return FieldError.Invalid(path.Value, value.Value, ValidationMessages.IsNegative);
        }
    }

    /// <summary>Invalid + "field is immutable" when the values differ.</summary>
    public static IEnumerable<FieldError> Immutable(bool changed, FieldPath path, object? newValue)
    {
        if (changed)
        {
            yield return FieldError.Invalid(path.Value, newValue, ValidationMessages.FieldImmutable);
        }
    }
}
