using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>RFC 6902 JSON Patch (<c>application/json-patch+json</c>).</summary>
/// <remarks>Messages for operations that do not apply follow evanphx/json-patch, which the API server uses.</remarks>
public static class JsonPatch
{
    /// <summary>
    /// Applies the operations in order to a copy of <paramref name="document"/>. The whole patch is validated
    /// first (400 when malformed); an operation that fails on the document stops the patch with 422.
    /// </summary>
    public static JsonNode? Apply(JsonNode? document, JsonNode patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        if (patch is not JsonArray operations)
        {
            throw new PatchException("invalid JSON patch: expected a JSON array of operations", 400);
        }

        var parsed = operations.Select(JsonPatchOperation.Parse).ToList();
        var result = document?.DeepClone();
        foreach (var operation in parsed)
        {
            result = ApplyOperation(result, operation);
        }

        return result;
    }

    private static JsonNode? ApplyOperation(JsonNode? document, JsonPatchOperation operation)
    {
        switch (operation.Op)
        {
            case "add":
                return Add(document, operation.Path, operation.Value?.DeepClone(), "add");
            case "remove":
                return Remove(document, operation.Path, "remove", out _);
            case "replace":
                return Replace(document, operation.Path, operation.Value?.DeepClone());
            case "move":
                var from = operation.From!;
                if (!from.TryResolve(document, out _))
                {
                    throw Unprocessable($"move operation does not apply: doc is missing from path: {from}: missing value");
                }

                if (from.IsProperPrefixOf(operation.Path))
                {
                    throw Unprocessable($"move operation does not apply: cannot move {from} into its own child {operation.Path}");
                }

                document = Remove(document, from, "move", out var moved);
                return Add(document, operation.Path, moved, "move");
            case "copy":
                if (!operation.From!.TryResolve(document, out var copied))
                {
                    throw Unprocessable($"copy operation does not apply: doc is missing from path: \"{operation.From}\": missing value");
                }

                return Add(document, operation.Path, copied?.DeepClone(), "copy");
            default:
                if (!operation.Path.TryResolve(document, out var actual) || !JsonNode.DeepEquals(actual, operation.Value))
                {
                    throw Unprocessable($"testing value {operation.Path} failed: test failed");
                }

                return document;
        }
    }

    private static JsonNode? Add(JsonNode? document, JsonPointer path, JsonNode? value, string op)
    {
        if (path.IsRoot)
        {
            return value;
        }

        path.TryResolveParent(document, out var parent);
        switch (parent)
        {
            case JsonObject map:
                map[path.Last] = value;
                return document;
            case JsonArray list when path.Last == "-":
                list.Add(value);
                return document;
            case JsonArray list when JsonPointer.TryParseIndex(path.Last, out var index) && index <= list.Count:
                list.Insert(index, value);
                return document;
            default:
                throw Unprocessable($"{op} operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static JsonNode? Remove(JsonNode? document, JsonPointer path, string op, out JsonNode? removed)
    {
        removed = null;
        if (path.IsRoot)
        {
            removed = document;
            return null;
        }

        path.TryResolveParent(document, out var parent);
        switch (parent)
        {
            case JsonObject map when map.TryGetPropertyValue(path.Last, out removed):
                map.Remove(path.Last);
                return document;
            case JsonArray list when JsonPointer.TryParseIndex(path.Last, out var index) && index < list.Count:
                removed = list[index];
                list.RemoveAt(index);
                return document;
            default:
                throw Unprocessable($"{op} operation does not apply: doc is missing path: \"{path}\": missing value");
        }
    }

    private static JsonNode? Replace(JsonNode? document, JsonPointer path, JsonNode? value)
    {
        if (path.IsRoot)
        {
            return value;
        }

        path.TryResolveParent(document, out var parent);
        switch (parent)
        {
            case JsonObject map when map.ContainsKey(path.Last):
                map[path.Last] = value;
                return document;
            case JsonArray list when JsonPointer.TryParseIndex(path.Last, out var index) && index < list.Count:
                list[index] = value;
                return document;
            default:
                throw Unprocessable($"replace operation does not apply: doc is missing key: {path}: missing value");
        }
    }

    private static PatchException Unprocessable(string message) => new(message, 422);
}
