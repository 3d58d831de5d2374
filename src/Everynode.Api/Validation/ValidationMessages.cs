namespace Everynode.Api.Validation;

/// <summary>Upstream's shared error texts (apimachinery util/validation and api/validation).</summary>
public static class ValidationMessages
{
    public const string FieldImmutable = "field is immutable";

    public const string IsNegative = "must be greater than or equal to 0";

    public const string NotInteger = "must be an integer";

    public const string EmptyError = "must be non-empty";

    /// <summary>Upstream's MaxLenError. Releases up to v1.34 say "characters"; newer apimachinery says "bytes".</summary>
    public static string MaxLenError(int length) => $"must be no more than {length} characters";

    public static string InclusiveRangeError(long lo, long hi) => $"must be between {lo} and {hi}, inclusive";

    /// <summary>Upstream's RegexError: "msg (e.g. 'a',  or 'b', regex used for validation is 're')".</summary>
    public static string RegexError(string message, string regex, params string[] examples)
    {
        if (examples.Length == 0)
        {
            return message + " (regex used for validation is '" + regex + "')";
        }

        var text = message + " (e.g. ";
        for (var i = 0; i < examples.Length; i++)
        {
            if (i > 0)
            {
                text += " or ";
            }

            text += "'" + examples[i] + "', ";
        }

        return text + "regex used for validation is '" + regex + "')";
    }
}
