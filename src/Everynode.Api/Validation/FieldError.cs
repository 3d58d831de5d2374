using System.Globalization;
using System.Text;

namespace Everynode.Api.Validation;

/// <summary>
/// One validation failure on one field, rendered the way upstream renders it:
/// <c>&lt;field&gt;: &lt;Type&gt;[: &lt;value&gt;][: &lt;detail&gt;]</c>. Required and Forbidden never show the value.
/// </summary>
/// <param name="Type">The error type.</param>
/// <param name="Field">The field path, e.g. <c>spec.template.spec.containers[0].name</c>.</param>
/// <param name="BadValue">The offending value (null = omitted); rendered as upstream does (strings quoted).</param>
/// <param name="Detail">Free text after the value.</param>
public sealed record FieldError(FieldErrorType Type, string Field, object? BadValue, string Detail)
{
    /// <summary>A value that is rendered verbatim (for maps and structs upstream prints in Go syntax).</summary>
    public sealed record Verbatim(string Text);

    public static FieldError Required(string field, string detail = "") => new(FieldErrorType.Required, field, null, detail);

    public static FieldError Invalid(string field, object? value, string detail) => new(FieldErrorType.Invalid, field, value, detail);

    public static FieldError Forbidden(string field, string detail) => new(FieldErrorType.Forbidden, field, null, detail);

    public static FieldError Duplicate(string field, object? value) => new(FieldErrorType.Duplicate, field, value, "");

    public static FieldError NotFound(string field, object? value) => new(FieldErrorType.NotFound, field, value, "");

    public static FieldError TooLong(string field, object? value, int maxLength) =>
        new(FieldErrorType.TooLong, field, value, string.Create(CultureInfo.InvariantCulture, $"must have at most {maxLength} bytes"));

    /// <summary>"Unsupported value" with upstream's "supported values: ..." detail.</summary>
    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(FieldErrorType.NotSupported, field, value, "supported values: " + string.Join(", ", supported.Select(s => Quote(s))));

    /// <summary>The upstream phrase for the type ("Required value", "Invalid value", ...).</summary>
    public string TypePhrase => Type switch
    {
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.Required => "Required value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.Internal => "Internal error",
        _ => "Invalid value",
    };

    /// <summary>The upstream StatusCause reason ("FieldValueInvalid", ...).</summary>
    public string CauseReason => Type switch
    {
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.Internal => "InternalError",
        _ => "FieldValueInvalid",
    };

    /// <summary>The message without the field path ("Invalid value: 3: must be ...").</summary>
    public string ErrorBody
    {
        get
        {
            var sb = new StringBuilder(TypePhrase);
            // As upstream: Required, Forbidden, TooLong and Internal never show the value; TooMany shows it if known.
            var omitValue = Type is FieldErrorType.Required or FieldErrorType.Forbidden or FieldErrorType.Internal or FieldErrorType.TooLong
                || (Type is FieldErrorType.TooMany && BadValue is null);
            if (!omitValue)
            {
                sb.Append(": ").Append(FormatValue(BadValue));
            }

            if (Detail.Length > 0)
            {
                sb.Append(": ").Append(Detail);
            }

            return sb.ToString();
        }
    }

    public override string ToString() => Field.Length == 0 ? ErrorBody : $"{Field}: {ErrorBody}";

    /// <summary>Renders a value as upstream's %#v / %q-ish formatting does for the common cases.</summary>
    public static string FormatValue(object? value) => value switch
    {
        null => "null",
        Verbatim v => v.Text,
        string s => Quote(s),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IDictionary<string, string> map => GoStringMap(map),
        _ => value.ToString() ?? "",
    };

    /// <summary>Go's map[string]string{"a":"b"} rendering, keys sorted as Go's fmt sorts them.</summary>
    public static string GoStringMap(IDictionary<string, string> map) =>
        "map[string]string{" + string.Join(", ", map.OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => Quote(kv.Key) + ":" + Quote(kv.Value))) + "}";

    /// <summary>Go's %q quoting for plain strings.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
