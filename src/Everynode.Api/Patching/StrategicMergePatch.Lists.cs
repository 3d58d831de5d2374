using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

// Lists with patchStrategy "merge": lists of maps merge element-wise by their merge key, lists of primitives
// become the union of both.
public static partial class StrategicMergePatch
{
    private static List<JsonNode?> MergeList(List<JsonNode?> original, List<JsonNode?> patch, PatchFieldInfo field)
    {
        if (original.Count == 0 && patch.Count == 0)
        {
            return original;
        }

        var kind = ElementKind(original, patch);
        List<JsonNode?> merged;
        if (kind != JsonValueKind.Object)
        {
            merged = Deduplicate(original.Concat(patch));
        }
        else
        {
            var mergeKey = field.MergeKey
                ?? throw new PatchException("cannot merge lists without merge key for type struct", 422);
            var remaining = ApplySpecialElements(original, patch, mergeKey, out var replace);
            if (replace)
            {
                return [.. remaining.Select(item => Fresh(item!, field) as JsonNode)];
            }

            // Merging consumes the patch elements; ordering needs their keys afterwards.
            patch = [.. remaining.Select(Clone)];
            merged = MergeByKey(original, remaining, mergeKey, field.ValueType);
        }

        var (patchItems, serverOnly) = Partition(merged, patch, field.MergeKey);
        return NormalizeOrder(patchItems, serverOnly, patch, original, field.MergeKey);
    }

    /// <summary>
    /// Applies the list elements that carry <c>$patch</c>: <c>delete</c> removes the original elements with that
    /// merge key, <c>replace</c> makes the rest of the patch list the result. Returns the other patch elements.
    /// </summary>
    private static List<JsonNode?> ApplySpecialElements(
        List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, out bool replace)
    {
        replace = false;
        var remaining = new List<JsonNode?>(patch.Count);
        foreach (var item in patch)
        {
            if (item is not JsonObject map || !map.TryGetPropertyValue(DirectiveMarker, out var directive))
            {
                remaining.Add(item);
                continue;
            }

            switch (DirectiveName(directive))
            {
                case DeleteDirective:
                    if (!map.TryGetPropertyValue(mergeKey, out var keyValue))
                    {
                        throw NoMergeKey(map, mergeKey, 400);
                    }

                    original.RemoveAll(element => HasKeyValue(element, mergeKey, keyValue));
                    break;
                case ReplaceDirective:
                    replace = true;
                    break;
                case MergeDirective:
                    throw new PatchException("merging lists cannot yet be specified in the patch", 400);
                default:
                    throw BadPatchType(directive, map);
            }
        }

        return remaining;
    }

    private static List<JsonNode?> MergeByKey(List<JsonNode?> original, List<JsonNode?> patch, string mergeKey, Type? elementType)
    {
        var merged = new List<JsonNode?>(original);
        foreach (var item in patch)
        {
            if (item is not JsonObject map || !map.TryGetPropertyValue(mergeKey, out var keyValue))
            {
                throw NoMergeKey(item, mergeKey, 400);
            }

            var index = merged.FindIndex(element => HasKeyValue(element, mergeKey, keyValue));
            if (index >= 0)
            {
                merged[index] = MergeMap((JsonObject)merged[index]!, map, elementType);
            }
            else
            {
                merged.Add(MergeMap([], map, elementType));
            }
        }

        return merged;
    }

    private static bool HasKeyValue(JsonNode? element, string mergeKey, JsonNode? keyValue) =>
        element is JsonObject map && map.TryGetPropertyValue(mergeKey, out var value) && JsonNode.DeepEquals(value, keyValue);

    private static List<JsonNode?> Deduplicate(IEnumerable<JsonNode?> items)
    {
        var unique = new List<JsonNode?>();
        foreach (var item in items)
        {
            if (!unique.Exists(existing => JsonNode.DeepEquals(existing, item)))
            {
                unique.Add(item);
            }
        }

        return unique;
    }

    /// <summary>The one JSON kind of all elements (booleans count as one kind); upstream rejects mixtures.</summary>
    private static JsonValueKind ElementKind(List<JsonNode?> original, List<JsonNode?> patch)
    {
        JsonValueKind? kind = null;
        foreach (var item in original.Concat(patch))
        {
            if (item is null)
            {
                continue;
            }

            var itemKind = item.GetValueKind() == JsonValueKind.False ? JsonValueKind.True : item.GetValueKind();
            if (kind is null)
            {
                if (itemKind == JsonValueKind.Array)
                {
                    throw new PatchException("lists of lists are not supported", 400);
                }

                kind = itemKind;
            }
            else if (kind != itemKind)
            {
                throw new PatchException(
                    $"list element types are not identical: [{GoFormat.Value(new JsonArray([.. original.Select(Clone)]))} " +
                    $"{GoFormat.Value(new JsonArray([.. patch.Select(Clone)]))}]", 422);
            }
        }

        return kind ?? JsonValueKind.Null;
    }

    private static JsonNode? Clone(JsonNode? node) => node?.DeepClone();
}
