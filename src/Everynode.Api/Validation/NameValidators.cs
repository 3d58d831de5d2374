namespace Everynode.Api.Validation;

/// <summary>
/// Upstream's name validation functions (ValidateNameFunc). <c>prefix</c> is true when the value is a
/// generateName prefix, in which case a trailing dash is allowed.
/// </summary>
public static class NameValidators
{
    public static IReadOnlyList<string> DnsSubdomain(string name, bool prefix) =>
        FormatChecks.IsDns1123Subdomain(prefix ? MaskTrailingDash(name) : name);

    public static IReadOnlyList<string> DnsLabel(string name, bool prefix) =>
        FormatChecks.IsDns1123Label(prefix ? MaskTrailingDash(name) : name);

    private static string MaskTrailingDash(string name) =>
        name.Length > 1 && name[^1] == '-' ? name[..^1] + "a" : name;
}
