using System.Globalization;
using Everynode.Api.Validation;
using k8s.Models;

namespace Everynode.Api.DaemonSets;

public static partial class DaemonSetValidation
{
    /// <summary>OnDelete needs nothing; RollingUpdate needs rollingUpdate with exactly one of maxUnavailable/maxSurge non-zero.</summary>
    private static List<FieldError> ValidateUpdateStrategy(V1DaemonSetUpdateStrategy? strategy, FieldPath path)
    {
        switch (strategy?.Type)
        {
            case "OnDelete":
                return [];
            case "RollingUpdate":
                return strategy.RollingUpdate is null
                    ? [FieldError.Required(path.Child("rollingUpdate").Value)]
                    : ValidateRollingUpdate(strategy.RollingUpdate, path.Child("rollingUpdate"));
            default:
                return [FieldError.NotSupported(path.Value, new FieldError.Verbatim(GoStrategy(strategy)), ["RollingUpdate", "OnDelete"])];
        }
    }

    private static List<FieldError> ValidateRollingUpdate(V1RollingUpdateDaemonSet rollingUpdate, FieldPath path)
    {
        var maxUnavailablePath = path.Child("maxUnavailable");
        var maxSurgePath = path.Child("maxSurge");
        var errs = new List<FieldError>();
        errs.AddRange(ValidatePositiveIntOrPercent(rollingUpdate.MaxUnavailable, maxUnavailablePath));
        errs.AddRange(ValidatePositiveIntOrPercent(rollingUpdate.MaxSurge, maxSurgePath));
        errs.AddRange(NotMoreThan100Percent(rollingUpdate.MaxUnavailable, maxUnavailablePath));
        errs.AddRange(NotMoreThan100Percent(rollingUpdate.MaxSurge, maxSurgePath));
        var hasUnavailable = IntOrPercentValue(rollingUpdate.MaxUnavailable) != 0;
        var hasSurge = IntOrPercentValue(rollingUpdate.MaxSurge) != 0;
        if (hasUnavailable && hasSurge)
        {
            errs.Add(FieldError.Invalid(maxSurgePath.Value, GoValue.IntOrString(rollingUpdate.MaxSurge), "may not be set when maxUnavailable is non-zero"));
        }
        else if (!hasUnavailable && !hasSurge)
        {
            errs.Add(FieldError.Required(maxUnavailablePath.Value, "cannot be 0 when maxSurge is 0"));
        }

        return errs;
    }

    // The client model keeps IntOrString as text and writes integral text as a JSON number, so an integral
    // value is treated as upstream's int kind and anything else as its string kind.
    private static int? AsInt(IntOrString? value) =>
        int.TryParse(value?.Value ?? "0", NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : null;

    internal static IEnumerable<FieldError> ValidatePositiveIntOrPercent(IntOrString? value, FieldPath path)
    {
        if (AsInt(value) is { } number)
        {
            return FieldErrors.NonNegative(number, path);
        }

        return FormatChecks.IsValidPercent(value!.Value).Select(m => FieldError.Invalid(path.Value, GoValue.IntOrString(value), m));
    }

    private static int? PercentValue(IntOrString? value) =>
        AsInt(value) is null && FormatChecks.IsValidPercent(value!.Value).Count == 0
            ? int.TryParse(value.Value[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : int.MaxValue
            : null;

    // Like upstream's getIntOrPercentValue: an invalid string counts as 0.
    internal static int IntOrPercentValue(IntOrString? value) => AsInt(value) ?? PercentValue(value) ?? 0;

    internal static IEnumerable<FieldError> NotMoreThan100Percent(IntOrString? value, FieldPath path)
    {
        if (PercentValue(value) is > 100)
        {
            yield return FieldError.Invalid(path.Value, GoValue.IntOrString(value), "must not be greater than 100%");
        }
    }

    // Go's %#v of the internal strategy struct; a set rollingUpdate pointer prints as an address upstream.
    private static string GoStrategy(V1DaemonSetUpdateStrategy? strategy) =>
        $"apps.DaemonSetUpdateStrategy{{Type:{FieldError.Quote(strategy?.Type ?? "")}, RollingUpdate:(*apps.RollingUpdateDaemonSet)({(strategy?.RollingUpdate is null ? "nil" : "0xc000000000")})}}";
}
