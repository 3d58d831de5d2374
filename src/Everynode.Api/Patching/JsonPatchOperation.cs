using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>One parsed RFC 6902 operation. Parsing rejects a malformed operation with 400.</summary>
internal sealed record JsonPatchOperation(string Op, JsonPointer Path, JsonPointer? From, JsonNode? Value)
{
    private static readonly string[] Known = ["add", "remove", "replace", "move", "copy", "test"];

    public static JsonPatchOperation Parse(JsonNode? node)
    {
        if (node is not JsonObject operation)
        {
            throw new PatchException($"invalid JSON patch operation, expected an object: {node?.ToJsonString() ?? "null"}", 400);
        }

        var op = String(operation, "op") ?? throw new PatchException("invalid JSON patch operation: missing \"op\"", 400);
        if (!Known.Contains(op))
        {
            throw new PatchException($"Unexpected kind: {op}", 400);
        }

        var path = String(operation, "path")
            ?? throw new PatchException($"invalid JSON patch operation: {op} is missing \"path\"", 400);
        JsonPointer? from = null;
        if (op is "move" or "copy")
        {
            from = JsonPointer.Parse(String(operation, "from")
                ?? throw new PatchException($"invalid JSON patch operation: {op} is missing \"from\"", 400));
        }

        if (op is "add" or "replace" or "test" && !operation.ContainsKey("value"))
        {
            throw new PatchException($"invalid JSON patch operation: {op} is missing \"value\"", 400);
        }

        return new JsonPatchOperation(op, JsonPointer.Parse(path), from, operation["value"]);
    }

    private static string? String(JsonObject operation, string name)
    {
        if (!operation.TryGetPropertyValue(name, out var value) || value is null)
        {
            return null;
        }

        return value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String
            ? scalar.GetValue<string>()
            : throw new PatchException($"invalid JSON patch operation: \"{name}\" must be a string", 400);
    }
}
