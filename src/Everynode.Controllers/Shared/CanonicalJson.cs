using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;

namespace Everynode.Controllers.Shared;

/// <summary>
/// JSON as Go's encoding/json writes a decoded generic map: no whitespace, object keys sorted at every level,
/// <c>&lt; &gt; &amp;</c> and U+2028/U+2029 escaped as <c>\u003c</c> etc., other non-ASCII text left as is.
/// Revision payloads and hashes are computed over this form, so it must never change between releases.
/// </summary>
public static class CanonicalJson
{
    /// <summary>The canonical text of a model object (through its Kubernetes JSON form; null fields are absent).</summary>
    public static string Serialize(object? value) =>
        value is null ? "null" : Write(JsonNode.Parse(KubernetesJson.Serialize(value)));

    public static string Write(JsonNode? node)
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
                builder.Append("null");
                break;
            case JsonObject map:
                builder.Append('{');
                var first = true;
                foreach (var (key, child) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    builder.Append(first ? "" : ",");
                    WriteString(builder, key);
                    builder.Append(':');
                    Write(builder, child);
                    first = false;
                }

                builder.Append('}');
                break;
            case JsonArray list:
                builder.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    builder.Append(i == 0 ? "" : ",");
                    Write(builder, list[i]);
                }

                builder.Append(']');
                break;
            default:
                WriteScalar(builder, node.AsValue());
                break;
        }
    }

    private static void WriteScalar(StringBuilder builder, JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                WriteString(builder, value.GetValue<string>());
                break;
            case JsonValueKind.True:
                builder.Append("true");
                break;
            case JsonValueKind.False:
                builder.Append("false");
                break;
            default:
                // Numbers keep their own text: the API's numbers are integers, which Go prints plainly too.
                builder.Append(value.ToJsonString());
                break;
        }
    }

    private static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                '\b' => builder.Append("\\b"),
                '\f' => builder.Append("\\f"),
                < ' ' or '<' or '>' or '&' or '\u2028' or '\u2029' =>
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => builder.Append(c),
            };
        }

        builder.Append('"');
    }
}
