using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

// The map-level directives: $retainKeys, $setElementOrder/<list> and $deleteFromPrimitiveList/<list>.
public static partial class StrategicMergePatch
{
    /// <summary>
    /// <c>$retainKeys</c>: the original keeps only the listed keys (used to switch a union such as a volume
    /// source or a deployment strategy); every non-null key of the patch must be listed.
    /// </summary>
    private static void ApplyRetainKeys(JsonObject original, JsonObject patch)
    {
        if (!patch.ContainsKey(RetainKeysDirective))
        {
            return;
        }

        if (Take(patch, RetainKeysDirective) is not JsonArray list)
        {
            throw new PatchException(BadRetainKeysFormat, 400);
        }

        var retained = list
            .Where(item => item is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            .Select(item => item!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (key, value) in patch)
        {
            var isDirective = key.StartsWith(DeleteFromPrimitiveListPrefix, StringComparison.Ordinal)
                || key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal);
            if (value is not null && !isDirective && !retained.Contains(key))
            {
                throw new PatchException(BadRetainKeysFormat, 400);
            }
        }

        foreach (var key in original.Select(p => p.Key).Where(key => !retained.Contains(key)).ToList())
        {
            original.Remove(key);
        }
    }

    /// <summary>
    /// <c>$setElementOrder/&lt;list&gt;</c>: merges the list (if the patch has it) and then orders the result as
    /// the directive says; items the directive does not name keep their place relative to the live list.
    /// </summary>
    private static void ApplySetElementOrder(JsonObject original, JsonObject patch, Type? type)
    {
        var directives = patch.Select(p => p.Key)
            .Where(key => key.StartsWith(SetElementOrderPrefix, StringComparison.Ordinal)).ToList();
        foreach (var directiveKey in directives)
        {
            if (Take(patch, directiveKey) is not JsonArray orderList)
            {
                throw new PatchException(BadSetElementOrderFormat, 400);
            }

            var fieldName = ExtractKey(directiveKey, SetElementOrderPrefix);
            var field = PatchMetadata.Lookup(type, fieldName);
            var order = Detach(orderList);
            var originalList = ListValue(original, fieldName);
            var patchList = ListValue(patch, fieldName);
            ValidateSetElementOrder(patchList, order, field.MergeKey);

            List<JsonNode?> merged;
            if (originalList is not null && patchList is not null)
            {
                merged = field.Merge ? MergeList([.. originalList], patchList, field) : patchList;
            }
            else if (patchList is not null)
            {
                merged = field.Merge ? MergeList([], patchList, field) : patchList;
            }
            else if (originalList is not null)
            {
                merged = originalList;
            }
            else
            {
                continue;
            }

            ElementKind(originalList ?? [], patchList ?? []);
            var (patchItems, serverOnly) = Partition(merged, order, field.MergeKey);
            original[fieldName] = new JsonArray([.. NormalizeOrder(patchItems, serverOnly, order, originalList ?? [], field.MergeKey)]);
            patch.Remove(fieldName);
        }
    }

    /// <summary>The list under <paramref name="key"/>, taken out of <paramref name="map"/>; null when absent or null.</summary>
    private static List<JsonNode?>? ListValue(JsonObject map, string key)
    {
        if (!map.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }

        return value is JsonArray list ? Detach(list) : throw BadArgType(value);
    }

    /// <summary>The patch list's items must appear in the directive, in the same relative order.</summary>
    private static void ValidateSetElementOrder(List<JsonNode?>? patchList, List<JsonNode?> order, string? mergeKey)
    {
        if (patchList is null || patchList.Count == 0 || order.Count == 0)
        {
            return;
        }

        var items = patchList.Where(item => !IsDirectiveElement(item)).ToList();
        int p = 0, s = 0;
        while (p < items.Count && s < order.Count)
        {
            if (SameListItem(items[p], order[s], mergeKey))
            {
                p++;
            }

            s++;
        }

        if (p < items.Count)
        {
            throw new PatchException(
                $"The order in patch list:\n{GoFormat.Value(new JsonArray([.. patchList.Select(Clone)]))}\n doesn't match " +
                $"{SetElementOrderPrefix} list:\n{GoFormat.Value(new JsonArray([.. order.Select(Clone)]))}\n", 400);
        }
    }

    private static bool IsDirectiveElement(JsonNode? item) => item is JsonObject map && map.ContainsKey(DirectiveMarker);

    private static bool SameListItem(JsonNode? left, JsonNode? right, string? mergeKey)
    {
        if (mergeKey is null)
        {
            return JsonNode.DeepEquals(left, right);
        }

        if (left is not JsonObject leftMap || !leftMap.TryGetPropertyValue(mergeKey, out var leftKey))
        {
            throw NoMergeKey(left, mergeKey, 400);
        }

        if (right is not JsonObject rightMap || !rightMap.TryGetPropertyValue(mergeKey, out var rightKey))
        {
            throw NoMergeKey(right, mergeKey, 400);
        }

        return JsonNode.DeepEquals(leftKey, rightKey);
    }

    /// <summary><c>$deleteFromPrimitiveList/&lt;list&gt;</c>: removes every listed value from a primitive list.</summary>
    private static void DeleteFromPrimitiveList(JsonObject original, string fieldName, JsonNode? toDelete)
    {
        if (toDelete is not JsonArray deletions)
        {
            throw new PatchException(BadPrimitiveListFormat, 400);
        }

        if (original.TryGetPropertyValue(fieldName, out var current) && current is JsonArray list)
        {
            var kept = Detach(list).Where(item => !deletions.Any(deleted => JsonNode.DeepEquals(deleted, item))).ToList();
            original[fieldName] = new JsonArray([.. kept]);
        }
    }
}
