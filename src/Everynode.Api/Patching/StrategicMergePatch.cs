using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>Kubernetes strategic merge patch (<c>application/strategic-merge-patch+json</c>).</summary>
/// <remarks>
/// Follows upstream's apimachinery strategicpatch semantics with merge options MergeParallelList and
/// IgnoreUnmatchedNulls (what the API server uses). Patch metadata comes from the C# model type
/// (<see cref="PatchMetadata"/>) and upstream's struct tags (<see cref="PatchStrategyTags"/>).
/// One deliberate difference: a patch value that has nothing to merge into is still run through the merge
/// (against an empty map or list), so directives and nulls inside it never reach the stored object.
/// </remarks>
public static partial class StrategicMergePatch
{
    private const string DirectiveMarker = "$patch";
    private const string ReplaceDirective = "replace";
    private const string DeleteDirective = "delete";
    private const string MergeDirective = "merge";
    private const string RetainKeysDirective = "$retainKeys";
    private const string SetElementOrderPrefix = "$setElementOrder";
    private const string DeleteFromPrimitiveListPrefix = "$deleteFromPrimitiveList";

    /// <summary>Applies <paramref name="patch"/> to <paramref name="original"/>, a JSON form of <paramref name="modelType"/>.</summary>
    /// <exception cref="PatchException">400 for a malformed patch, 422 when it cannot be applied to the object.</exception>
    public static JsonNode? Apply(JsonNode? original, JsonNode patch, Type modelType)
    {
        ArgumentNullException.ThrowIfNull(patch);
        ArgumentNullException.ThrowIfNull(modelType);
        if (patch is not JsonObject patchMap)
        {
            throw new PatchException(BadJsonDocument, 400);
        }

        var originalMap = original switch
        {
            null => new JsonObject(),
            JsonObject map => (JsonObject)map.DeepClone(),
            _ => throw new PatchException(BadJsonDocument, 422),
        };
        return MergeMap(originalMap, (JsonObject)patchMap.DeepClone(), modelType);
    }

    // Invariant: both maps belong to this patch run (deep copies), so they may be changed and their children
    // moved elsewhere. The result is `original` changed in place, or a new map.
    private static JsonObject MergeMap(JsonObject original, JsonObject patch, Type? type)
    {
        if (patch.TryGetPropertyValue(DirectiveMarker, out var directive))
        {
            switch (DirectiveName(directive))
            {
                case ReplaceDirective:
                    patch.Remove(DirectiveMarker);
                    return MergeMap([], patch, type);
                case DeleteDirective:
                    return [];
                case MergeDirective:
                    patch.Remove(DirectiveMarker);
                    break;
                default:
                    throw BadPatchType(directive, patch);
            }
        }

        ApplyRetainKeys(original, patch);
        ApplySetElementOrder(original, patch, type);

        foreach (var key in patch.Select(p => p.Key).ToList())
        {
            var patchValue = Take(patch, key);
            if (key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal))
            {
                DeleteFromPrimitiveList(original, ExtractKey(key, DeleteFromPrimitiveListPrefix), patchValue);
                continue;
            }

            if (patchValue is null)
            {
                original.Remove(key);
                continue;
            }

            original.TryGetPropertyValue(key, out var originalValue);
            var merged = MergeValue(originalValue, patchValue, PatchMetadata.Lookup(type, key));
            if (!ReferenceEquals(merged, originalValue))
            {
                original[key] = merged;
            }
        }

        return original;
    }

    private static JsonNode MergeValue(JsonNode? originalValue, JsonNode patchValue, PatchFieldInfo field) =>
        (originalValue, patchValue) switch
        {
            (JsonObject originalMap, JsonObject patchMap) => MergeMap(originalMap, patchMap, field.ValueType),
            (JsonArray originalList, JsonArray patchList) when field.Merge =>
                new JsonArray([.. MergeList(Detach(originalList), Detach(patchList), field)]),
            _ => Fresh(patchValue, field),
        };

    // A patch value with nothing to merge into (absent, of another JSON kind, or an atomic list) replaces the
    // original value; maps and merging lists are still merged into emptiness to resolve their directives.
    private static JsonNode Fresh(JsonNode patchValue, PatchFieldInfo field) => patchValue switch
    {
        JsonObject map => MergeMap([], map, field.ValueType),
        JsonArray list when field.Merge => new JsonArray([.. MergeList([], Detach(list), field)]),
        _ => patchValue,
    };

    private static JsonNode? Take(JsonObject map, string key)
    {
        map.TryGetPropertyValue(key, out var value);
        map.Remove(key);
        return value;
    }

    private static List<JsonNode?> Detach(JsonArray list)
    {
        var items = list.ToList();
        list.Clear();
        return items;
    }
}
