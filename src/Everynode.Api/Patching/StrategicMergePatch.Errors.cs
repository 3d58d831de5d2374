using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

// Upstream's messages (apimachinery mergepatch errors), so clients see what a real API server says.
public static partial class StrategicMergePatch
{
    private const string BadJsonDocument = "invalid JSON document";
    private const string BadRetainKeysFormat = "invalid patch format of retainKeys";
    private const string BadSetElementOrderFormat = "invalid patch format of setElementOrder list";
    private const string BadPrimitiveListFormat = "invalid patch format of primitive list";

    private static PatchException BadPatchType(JsonNode? directive, JsonObject map) =>
        new($"unknown patch type: {GoFormat.Value(directive)} in map: {GoFormat.Value(map)}", 400);

    private static PatchException NoMergeKey(JsonNode? map, string mergeKey, int statusCode) =>
        new($"map: {GoFormat.Value(map)} does not contain declared merge key: {mergeKey}", statusCode);

    private static PatchException BadArgType(JsonNode? actual) =>
        new($"expected a []interface {{}}, but received a {GoTypeName(actual)}", 422);

    private static string? DirectiveName(JsonNode? directive) =>
        directive is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string GoTypeName(JsonNode? node) => node switch
    {
        null => "<nil>",
        JsonObject => "map[string]interface {}",
        JsonArray => "[]interface {}",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => "float64",
            _ => "bool",
        },
    };

    /// <summary>The field name after a directive prefix: <c>$setElementOrder/containers</c> → <c>containers</c>.</summary>
    private static string ExtractKey(string key, string prefix)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !key.AsSpan(0, slash).SequenceEqual(prefix))
        {
            throw new PatchException(
                prefix == SetElementOrderPrefix ? BadSetElementOrderFormat : BadPrimitiveListFormat, 400);
        }

        return key[(slash + 1)..];
    }
}
