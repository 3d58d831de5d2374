using System.Text;
using System.Text.Json;

namespace Everynode.Api.Apply;

/// <summary>
/// Path elements in their FieldsV1 spelling: <c>f:</c> a field or map key, <c>k:</c> the key fields of a map-list
/// item as a JSON object (fields sorted by name), <c>v:</c> a set item's JSON value, <c>i:</c> a list index.
/// </summary>
public static class PathElements
{
    /// <summary>Fields first, then keys, values and indexes (upstream's PathElement order), each ordinal.</summary>
    public static IComparer<string> Comparer { get; } = Comparer<string>.Create(static (a, b) =>
    {
        var rank = Rank(a).CompareTo(Rank(b));
        return rank != 0 ? rank : string.CompareOrdinal(a, b);
    });

    public static string Field(string name) => "f:" + name;

    public static string Value(JsonElement value) => "v:" + Compact(value);

    /// <summary>The key element of a map-list item, or null when a key field is missing or not a scalar.</summary>
    public static string? Key(JsonElement item, IReadOnlyList<string> keys)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var sb = new StringBuilder("k:{");
        var first = true;
        foreach (var key in keys.Order(StringComparer.Ordinal))
        {
            if (!item.TryGetProperty(key, out var value))
            {
                // Upstream's schemas default a port's protocol to TCP, so an item without one is keyed as TCP.
                if (key == "protocol")
                {
                    sb.Append(first ? "" : ",").Append("\"protocol\":\"TCP\"");
                    first = false;
                }

                continue;
            }

            if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
            {
                return null;
            }

            sb.Append(first ? "" : ",").Append(JsonSerializer.Serialize(key)).Append(':').Append(Compact(value));
            first = false;
        }

        return first ? null : sb.Append('}').ToString();
    }

    public static bool IsValid(string element) =>
        element.Length > 2 && element[1] == ':' && element[0] is 'f' or 'k' or 'v' or 'i';

    /// <summary>Appends an element the way upstream prints paths: <c>.name</c>, <c>[name="x"]</c>, <c>[="v"]</c>, <c>[0]</c>.</summary>
    public static void Append(StringBuilder sb, string element)
    {
        var rest = element.AsSpan(2);
        switch (element[0])
        {
            case 'f':
                sb.Append('.').Append(rest);
                break;
            case 'k':
                sb.Append('[');
                using (var doc = JsonDocument.Parse(element[2..]))
                {
                    var first = true;
                    foreach (var p in doc.RootElement.EnumerateObject())
                    {
                        sb.Append(first ? "" : ",").Append(p.Name).Append('=').Append(Compact(p.Value));
                        first = false;
                    }
                }

                sb.Append(']');
                break;
            case 'v':
                sb.Append("[=").Append(rest).Append(']');
                break;
            default:
                sb.Append('[').Append(rest).Append(']');
                break;
        }
    }

    private static string Compact(JsonElement value) => value.GetRawText() is var raw && value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
        ? JsonSerializer.Serialize(value)
        : raw;

    private static int Rank(string element) => element.Length == 0 ? 9 : element[0] switch
    {
        'f' => 0,
        'k' => 1,
        'v' => 2,
        'i' => 3,
        _ => 4,
    };
}
