using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Apply;

/// <summary>
/// Merges an applied configuration into a live object (upstream's structured merge): scalars and atomic values are
/// replaced, structs and maps merge key by key, map lists merge item by item on their keys and sets on their
/// values. Inputs are never changed; the result shares no nodes with them.
/// </summary>
internal static class StructuredMerge
{
    public static JsonNode? Merge(JsonNode? live, JsonNode? config, Shape shape)
    {
        if (config is null)
        {
            return null;
        }

        if (live is null || shape.IsLeaf)
        {
            return config.DeepClone();
        }

        if (live is JsonObject lo && config is JsonObject co && shape.Kind is ShapeKind.Struct or ShapeKind.Map or ShapeKind.Deduced)
        {
            var result = (JsonObject)lo.DeepClone();
            foreach (var (name, value) in co)
            {
                result[name] = Merge(lo[name], value, ApplySchema.Child(shape, name));
            }

            return result;
        }

        if (live is JsonArray la && config is JsonArray ca && shape.Kind is ShapeKind.MapList or ShapeKind.SetList)
        {
            return MergeList(la, ca, shape);
        }

        return config.DeepClone();
    }

    /// <summary>
    /// Live items keep their places; items of the configuration are placed in the configuration's order relative to
    /// the items both share (upstream's interleaving of the two lists).
    /// </summary>
    private static JsonArray MergeList(JsonArray live, JsonArray config, Shape shape)
    {
        var itemShape = ApplySchema.Item(shape);
        var l = Keyed(live, shape);
        var r = Keyed(config, shape);
        var liveByKey = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (key, node) in l)
        {
            liveByKey.TryAdd(key, node);
        }

        var configKeys = r.Select(i => i.Key).ToHashSet(StringComparer.Ordinal);
        var shared = new Queue<string>(r.Select(i => i.Key).Where(liveByKey.ContainsKey));
        var nextShared = shared.Count > 0 ? shared.Dequeue() : null;
        var merged = new HashSet<string>(StringComparer.Ordinal);
        var result = new JsonArray();
        int li = 0, ri = 0;
        while (li < l.Count || ri < r.Count)
        {
            if (li < l.Count && ri < r.Count)
            {
                if (l[li].Key == r[ri].Key)
                {
                    EmitConfigItem(r[ri]);
                    li++;
                    ri++;
                    continue;
                }

                if (configKeys.Contains(l[li].Key) && nextShared is not null && nextShared != l[li].Key)
                {
                    li++;
                    continue;
                }
            }

            if (li < l.Count)
            {
                if (!configKeys.Contains(l[li].Key))
                {
                    result.Add(l[li].Node?.DeepClone());
                    li++;
                    continue;
                }

                if (merged.Contains(l[li].Key))
                {
                    li++;
                    continue;
                }
            }

            if (ri < r.Count)
            {
                EmitConfigItem(r[ri]);
                ri++;
            }
        }

        return result;

        void EmitConfigItem((string Key, JsonNode? Node) item)
        {
            if (!merged.Add(item.Key))
            {
                return;
            }

            result.Add(Merge(liveByKey.GetValueOrDefault(item.Key), item.Node, itemShape));
            if (nextShared == item.Key)
            {
                nextShared = shared.Count > 0 ? shared.Dequeue() : null;
            }
        }
    }

    private static List<(string Key, JsonNode? Node)> Keyed(JsonArray list, Shape shape)
    {
        var items = new List<(string, JsonNode?)>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            var node = list[i];
            var element = node is null ? ListItems.Index(i) : ListItems.Element(JsonSerializer.SerializeToElement(node), shape, i);
            items.Add((element, node));
        }

        return items;
    }
}
