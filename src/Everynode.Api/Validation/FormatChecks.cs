using System.Text.RegularExpressions;

namespace Everynode.Api.Validation;

/// <summary>
/// String format checks with upstream's exact messages (apimachinery util/validation and api/validate/content).
/// Each returns the list of problems; empty means valid.
/// </summary>
public static partial class FormatChecks
{
    public const int Dns1123LabelMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;
    public const int LabelValueMaxLength = 63;
    private const int LabelKeyNameMaxLength = 63;

    private const string Dns1123LabelFmt = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private const string Dns1123SubdomainFmt = Dns1123LabelFmt + "(\\." + Dns1123LabelFmt + ")*";
    private const string LabelKeyFmt = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    private const string LabelValueFmt = "(" + LabelKeyFmt + ")?";
    private const string PercentFmt = "[0-9]+%";

    private const string Dns1123LabelErrMsg =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    private const string Dns1123SubdomainErrMsg =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    private const string LabelKeyErrMsg =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string LabelValueErrMsg =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    private const string PercentErrMsg = "a valid percent string must be a numeric string followed by an ending '%'";
    private const string RelaxedEnvVarNameErrMsg = "a valid environment variable name must consist only of printable ASCII characters other than '='";

    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        var errs = new List<string>();
        if (value.Length > Dns1123LabelMaxLength)
        {
            errs.Add(ValidationMessages.MaxLenError(Dns1123LabelMaxLength));
        }

        if (!Dns1123LabelRegex().IsMatch(value))
        {
            // A valid subdomain that is not a valid label can only be wrong because of its dots.
            errs.Add(Dns1123SubdomainRegex().IsMatch(value)
                ? "must not contain dots"
                : ValidationMessages.RegexError(Dns1123LabelErrMsg, Dns1123LabelFmt, "my-name", "123-abc"));
        }

        return errs;
    }

    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        var errs = new List<string>();
        if (value.Length > Dns1123SubdomainMaxLength)
        {
            errs.Add(ValidationMessages.MaxLenError(Dns1123SubdomainMaxLength));
        }

        if (!Dns1123SubdomainRegex().IsMatch(value))
        {
            errs.Add(ValidationMessages.RegexError(Dns1123SubdomainErrMsg, Dns1123SubdomainFmt, "example.com"));
        }

        return errs;
    }

    /// <summary>Upstream's IsQualifiedName (= label key): optional DNS subdomain prefix, '/', name part.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0)
                {
                    errs.Add("prefix part " + ValidationMessages.EmptyError);
                }
                else
                {
                    errs.AddRange(IsDns1123Subdomain(prefix).Select(m => "prefix part " + m));
                }

                break;
            default:
                errs.Add("a qualified name " + ValidationMessages.RegexError(LabelKeyErrMsg, LabelKeyFmt, "MyName", "my.name", "123-abc")
                    + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
                return errs;
        }

        if (name.Length == 0)
        {
            errs.Add("name part " + ValidationMessages.EmptyError);
        }
        else if (name.Length > LabelKeyNameMaxLength)
        {
            errs.Add("name part " + ValidationMessages.MaxLenError(LabelKeyNameMaxLength));
        }

        if (!LabelKeyRegex().IsMatch(name))
        {
            errs.Add("name part " + ValidationMessages.RegexError(LabelKeyErrMsg, LabelKeyFmt, "MyName", "my.name", "123-abc"));
        }

        return errs;
    }

    public static IReadOnlyList<string> IsLabelValue(string value)
    {
        var errs = new List<string>();
        if (value.Length > LabelValueMaxLength)
        {
            errs.Add(ValidationMessages.MaxLenError(LabelValueMaxLength));
        }

        if (!LabelValueRegex().IsMatch(value))
        {
            errs.Add(ValidationMessages.RegexError(LabelValueErrMsg, LabelValueFmt, "MyValue", "my_value", "12345"));
        }

        return errs;
    }

    public static IReadOnlyList<string> IsValidPortNum(int port) =>
        port is >= 1 and <= 65535 ? [] : [ValidationMessages.InclusiveRangeError(1, 65535)];

    /// <summary>IANA_SVC_NAME: ≤15 chars of [-a-z0-9], at least one letter, no "--", no leading/trailing '-'.</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        var errs = new List<string>();
        if (port.Length > 15)
        {
            errs.Add(ValidationMessages.MaxLenError(15));
        }

        if (!PortNameCharsetRegex().IsMatch(port))
        {
            errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        }

        if (!port.Any(c => c is >= 'a' and <= 'z'))
        {
            errs.Add("must contain at least one letter (a-z)");
        }

        if (port.Contains("--", StringComparison.Ordinal))
        {
            errs.Add("must not contain consecutive hyphens");
        }

        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-'))
        {
            errs.Add("must not begin or end with a hyphen");
        }

        return errs;
    }

    public static IReadOnlyList<string> IsValidPercent(string value) =>
        PercentRegex().IsMatch(value) ? [] : [ValidationMessages.RegexError(PercentErrMsg, PercentFmt, "1%", "93%")];

    /// <summary>
    /// Environment variable names as validated since RelaxedEnvironmentVariableValidation became the default:
    /// any printable ASCII except '='.
    /// </summary>
    public static IReadOnlyList<string> IsRelaxedEnvVarName(string value)
    {
        var errs = new List<string>();
        if (value.Length == 0)
        {
            errs.Add("environment variable name " + ValidationMessages.EmptyError);
        }

        if (value.Any(c => c > 0x7e || c < 0x20 || c == '='))
        {
            errs.Add(RelaxedEnvVarNameErrMsg);
        }

        return errs;
    }

    [GeneratedRegex("^" + Dns1123LabelFmt + "\\z")]
    private static partial Regex Dns1123LabelRegex();

    [GeneratedRegex("^" + Dns1123SubdomainFmt + "\\z")]
    private static partial Regex Dns1123SubdomainRegex();

    [GeneratedRegex("^" + LabelKeyFmt + "\\z")]
    private static partial Regex LabelKeyRegex();

    [GeneratedRegex("^" + LabelValueFmt + "\\z")]
    private static partial Regex LabelValueRegex();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortNameCharsetRegex();

    [GeneratedRegex("^" + PercentFmt + "\\z")]
    private static partial Regex PercentRegex();
}
