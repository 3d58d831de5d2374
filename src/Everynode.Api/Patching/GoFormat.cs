using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>
/// Renders JSON the way Go's <c>%v</c> prints decoded JSON (<c>map[a:1 b:x]</c>, <c>[1 2]</c>), so that patch
/// errors read like upstream's.
/// </summary>
internal static class GoFormat
{
    public static string Value(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node);
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node)
    {
        switch (node)
        {
            case null:
                builder.Append("<nil>");
                break;
            case JsonObject map:
                builder.Append("map[");
                var first = true;
                foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? string.Empty : " ").Append(key).Append(':');
                    Write(builder, value);
                    first = false;
                }

                builder.Append(']');
                break;
            case JsonArray list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    builder.Append(i == 0 ? string.Empty : " ");
                    Write(builder, list[i]);
                }

                builder.Append(']');
                break;
            default:
                builder.Append(Scalar(node.AsValue()));
                break;
        }
    }

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => Number(value),
        _ => value.ToJsonString(),
    };

    private static string Number(JsonValue value)
    {
        var number = double.Parse(value.ToJsonString(), CultureInfo.InvariantCulture);
        return Math.Abs(number) < 1e21 && number == Math.Floor(number)
            ? number.ToString("F0", CultureInfo.InvariantCulture)
            : number.ToString("R", CultureInfo.InvariantCulture);
    }
}
