using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

// Element order of merged lists (upstream's "preserve order in strategic merge patch" design): the items named
// in the patch (or in its $setElementOrder list) keep the patch's relative order, the items only the server
// has keep theirs, and the two runs are interleaved by the server's order where both are known.
public static partial class StrategicMergePatch
{
    private static List<JsonNode?> NormalizeOrder(
        List<JsonNode?> patchItems, List<JsonNode?> serverOnly, List<JsonNode?> patchOrder,
        List<JsonNode?> serverOrder, string? mergeKey)
    {
        var patchSorted = SortBy(patchItems, patchOrder, mergeKey);
        var serverSorted = SortBy(serverOnly, serverOrder, mergeKey);

        var result = new List<JsonNode?>(patchSorted.Count + serverSorted.Count);
        int i = 0, j = 0;
        while (i < serverSorted.Count || j < patchSorted.Count)
        {
            if (j >= patchSorted.Count)
            {
                result.Add(serverSorted[i++]);
            }
            else if (i >= serverSorted.Count)
            {
                result.Add(patchSorted[j++]);
            }
            else
            {
                // A server-only item goes first only when both are in the live list and it was in front.
                var left = IndexOf(serverOrder, serverSorted[i], mergeKey);
                var right = IndexOf(serverOrder, patchSorted[j], mergeKey);
                result.Add(left >= 0 && right >= 0 && left < right ? serverSorted[i++] : patchSorted[j++]);
            }
        }

        return result;
    }

    private static List<JsonNode?> SortBy(List<JsonNode?> items, List<JsonNode?> order, string? mergeKey)
    {
        if (mergeKey is not null)
        {
            foreach (var item in items.Concat(order))
            {
                if (item is not JsonObject map || !map.ContainsKey(mergeKey))
                {
                    throw NoMergeKey(item, mergeKey, 422);
                }
            }
        }

        return [.. items.OrderBy(item => IndexOf(order, item, mergeKey) is var index && index >= 0 ? index : int.MaxValue)];
    }

    private static (List<JsonNode?> PatchItems, List<JsonNode?> ServerOnly) Partition(
        List<JsonNode?> merged, List<JsonNode?> partitionBy, string? mergeKey)
    {
        var patchItems = new List<JsonNode?>();
        var serverOnly = new List<JsonNode?>();
        foreach (var item in merged)
        {
            if (mergeKey is not null && (item is not JsonObject map || !map.ContainsKey(mergeKey)))
            {
                throw NoMergeKey(item, mergeKey, 422);
            }

            (IndexOf(partitionBy, item, mergeKey) >= 0 ? patchItems : serverOnly).Add(item);
        }

        return (patchItems, serverOnly);
    }

    /// <summary>Position of <paramref name="item"/> in <paramref name="list"/>, by merge key value for maps.</summary>
    private static int IndexOf(List<JsonNode?> list, JsonNode? item, string? mergeKey)
    {
        if (mergeKey is null)
        {
            return list.FindIndex(element => JsonNode.DeepEquals(element, item));
        }

        var keyValue = (item as JsonObject)?[mergeKey];
        return list.FindIndex(element => HasKeyValue(element, mergeKey, keyValue));
    }
}
