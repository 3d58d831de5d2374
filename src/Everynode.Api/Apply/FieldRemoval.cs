using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Api.Apply;

/// <summary>
/// Removes from a merged object the fields an applier stopped applying that nobody else owns (upstream's prune):
/// a removed item or struct that still holds fields other managers own is kept with just those fields (and its keys).
/// </summary>
internal static class FieldRemoval
{
    public static void Remove(JsonNode node, FieldSet remove, FieldSet owned, Shape shape)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (element, r) in remove.Children.ToList())
                {
                    if (!element.StartsWith("f:", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var name = element[2..];
                    if (!obj.TryGetPropertyValue(name, out var value))
                    {
                        continue;
                    }

                    var o = owned.Child(element);
                    var childShape = ApplySchema.Child(shape, name);
                    if (r.IsMember && (o is null || o.IsEmpty))
                    {
                        obj.Remove(name);
                    }
                    else if (value is not null)
                    {
                        if (r.IsMember)
                        {
                            KeepOwned(value, o!, childShape);
                        }
                        else
                        {
                            Remove(value, r, o ?? FieldSet.Empty, childShape);
                        }

                        if (value is JsonObject { Count: 0 } && (o is null || o.IsEmpty))
                        {
                            obj.Remove(name);
                        }
                    }
                }

                return;
            case JsonArray list when shape.Kind is ShapeKind.MapList or ShapeKind.SetList:
                var itemShape = ApplySchema.Item(shape);
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var item = list[i];
                    var element = ElementOf(item, shape, i);
                    if (remove.Child(element) is not { } r)
                    {
                        continue;
                    }

                    var o = owned.Child(element);
                    if (r.IsMember && (o is null || o.IsEmpty))
                    {
                        list.RemoveAt(i);
                    }
                    else if (item is not null)
                    {
                        if (r.IsMember)
                        {
                            KeepOwned(item, o!, itemShape, shape.Keys);
                        }
                        else
                        {
                            Remove(item, r, o ?? FieldSet.Empty, itemShape);
                        }
                    }
                }

                return;
        }
    }

    /// <summary>Keeps of a value only what <paramref name="owned"/> holds (and a list item's key fields).</summary>
    private static void KeepOwned(JsonNode node, FieldSet owned, Shape shape, IReadOnlyList<string>? keys = null)
    {
        if (owned.IsMember)
        {
            return;
        }

        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    var o = owned.Child(PathElements.Field(name));
                    if (o is null || o.IsEmpty)
                    {
                        if (keys is null || !keys.Contains(name))
                        {
                            obj.Remove(name);
                        }
                    }
                    else if (value is not null)
                    {
                        KeepOwned(value, o, ApplySchema.Child(shape, name));
                    }
                }

                return;
            case JsonArray list when shape.Kind is ShapeKind.MapList or ShapeKind.SetList:
                var itemShape = ApplySchema.Item(shape);
                for (var i = list.Count - 1; i >= 0; i--)
                {
                    var o = owned.Child(ElementOf(list[i], shape, i));
                    if (o is null || o.IsEmpty)
                    {
                        list.RemoveAt(i);
                    }
                    else if (list[i] is { } item)
                    {
                        KeepOwned(item, o, itemShape, shape.Keys);
                    }
                }

                return;
        }
    }

    private static string ElementOf(JsonNode? item, Shape list, int index) =>
        item is null ? ListItems.Index(index) : ListItems.Element(JsonSerializer.SerializeToElement(item), list, index);
}
