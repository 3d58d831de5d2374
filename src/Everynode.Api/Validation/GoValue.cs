using System.Globalization;
using System.Text;
using k8s.Models;

namespace Everynode.Api.Validation;

/// <summary>
/// Renders values the way upstream's error messages print them (Go's <c>%#v</c>, or a type's generated
/// <c>String()</c>), wrapped as <see cref="FieldError.Verbatim"/> so <see cref="FieldError"/> prints them as is.
/// </summary>
public static class GoValue
{
    /// <summary><c>map[string]string{"a":"b"}</c>, or <c>map[string]string(nil)</c> for a missing map.</summary>
    public static FieldError.Verbatim StringMap(IDictionary<string, string>? map) =>
        new(map is null ? "map[string]string(nil)" : FieldError.GoStringMap(map));

    /// <summary><c>[]string{"a", "b"}</c>, or <c>[]string(nil)</c>.</summary>
    public static FieldError.Verbatim StringSlice(IEnumerable<string>? items) =>
        new(items is null ? "[]string(nil)" : "[]string{" + string.Join(", ", items.Select(FieldError.Quote)) + "}");

    /// <summary>Go's <c>%#v</c> of a byte slice: <c>[]byte{0x7b, 0x7d}</c>.</summary>
    public static string Bytes(byte[]? bytes) =>
        bytes is null ? "[]byte(nil)" : "[]byte{" + string.Join(", ", bytes.Select(b => "0x" + b.ToString("x", CultureInfo.InvariantCulture))) + "}";

    /// <summary>An IntOrString prints through its String(): the bare number or the bare string.</summary>
    public static FieldError.Verbatim IntOrString(IntOrString? value) => new(value?.Value ?? "0");

    /// <summary>
    /// metav1.LabelSelector's generated String():
    /// <c>&amp;LabelSelector{MatchLabels:map[string]string{a: b,},MatchExpressions:[]LabelSelectorRequirement{},}</c>.
    /// </summary>
    public static FieldError.Verbatim LabelSelector(V1LabelSelector? selector)
    {
        if (selector is null)
        {
            return new("nil");
        }

        var sb = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        foreach (var kv in (selector.MatchLabels ?? new Dictionary<string, string>()).OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            sb.Append(kv.Key).Append(": ").Append(kv.Value).Append(',');
        }

        sb.Append("},MatchExpressions:[]LabelSelectorRequirement{");
        foreach (var r in selector.MatchExpressions ?? [])
        {
            sb.Append("LabelSelectorRequirement{Key:").Append(r.Key)
                .Append(",Operator:").Append(r.OperatorProperty)
                .Append(",Values:[").Append(string.Join(' ', r.Values ?? [])).Append("],},");
        }

        return new(sb.Append("},}").ToString());
    }

    /// <summary>Go's time.Time String() for a UTC time: <c>2024-01-02 03:04:05 +0000 UTC</c>.</summary>
    public static FieldError.Verbatim Time(DateTime? time) =>
        new(time is null ? "null" : time.Value.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " +0000 UTC");
}
