using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>).</summary>
public static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/>: an object merges key by key (a null value deletes the key), anything
    /// else replaces the target. Neither argument is changed.
    /// </summary>
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) =>
        patch is JsonObject patchMap ? MergeInto(target as JsonObject, patchMap) : patch?.DeepClone();

    private static JsonObject MergeInto(JsonObject? target, JsonObject patch)
    {
        var result = target is null ? [] : (JsonObject)target.DeepClone();
        foreach (var (key, value) in patch)
        {
            if (value is null)
            {
                result.Remove(key);
                continue;
            }

            result.TryGetPropertyValue(key, out var current);
            result[key] = Apply(current, value);
        }

        return result;
    }
}
