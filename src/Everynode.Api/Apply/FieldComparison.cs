using System.Runtime.InteropServices;
using System.Text.Json;

namespace Everynode.Api.Apply;

/// <summary>
/// What changed between two versions of an object, as field sets (upstream's typed Compare): leaves and atomic
/// values added, modified or removed, plus maps, structs and list items that appeared or disappeared whole.
/// </summary>
/// <remarks>
/// Both sides come from the same serializer, so a subtree whose bytes are equal is equal and is skipped without a
/// walk: a status update compares only the status.
/// </remarks>
internal sealed class FieldComparison
{
    /// <summary>
    /// Struct fields that are Go value types upstream: the empty object upstream compares a create against already
    /// has them, so their appearance is not itself a change (their contents are).
    /// </summary>
    private static readonly HashSet<string> ValueStructFields = ["metadata", "spec", "status", "template", "updateStrategy", "resources", "containers"];

    private readonly List<string> _path = [];

    private FieldComparison()
    {
    }

    public FieldSet Added { get; } = new();

    public FieldSet Modified { get; } = new();

    public FieldSet Removed { get; } = new();

    public bool IsSame => Added.IsEmpty && Modified.IsEmpty && Removed.IsEmpty;

    /// <summary>Compares two objects (null: the object did not exist) of the given shape.</summary>
    public static FieldComparison Compare(JsonElement? before, JsonElement after, Shape shape, StrippedFields stripped)
    {
        var c = new FieldComparison();
        var a = before ?? default;
        foreach (var name in Names(a, after))
        {
            if (stripped.SkipsTopLevel(name))
            {
                continue;
            }

            var childShape = ApplySchema.Child(shape, name);
            c._path.Add(PathElements.Field(name));
            var (ca, cb) = (Get(a, name), Get(after, name));
            if (name == "metadata")
            {
                foreach (var m in Names(ca, cb))
                {
                    if (!StrippedFields.SkipsMetadata(m))
                    {
                        c.Field(ca, cb, m, childShape);
                    }
                }
            }
            else
            {
                c.Walk(ca, cb, childShape, name);
            }

            c._path.RemoveAt(c._path.Count - 1);
        }

        return c;
    }

    private void Field(JsonElement a, JsonElement b, string name, Shape parent)
    {
        _path.Add(PathElements.Field(name));
        Walk(Get(a, name), Get(b, name), ApplySchema.Child(parent, name), name);
        _path.RemoveAt(_path.Count - 1);
    }

    private void Walk(JsonElement a, JsonElement b, Shape shape, string? fieldName)
    {
        var aAbsent = a.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
        var bAbsent = b.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;
        if (aAbsent && bAbsent)
        {
            return;
        }

        if (!aAbsent && !bAbsent && JsonMarshal.GetRawUtf8Value(a).SequenceEqual(JsonMarshal.GetRawUtf8Value(b)))
        {
            return;
        }

        var granularObject = !shape.IsLeaf && shape.Kind is ShapeKind.Struct or ShapeKind.Map or ShapeKind.Deduced
            && (aAbsent || a.ValueKind == JsonValueKind.Object) && (bAbsent || b.ValueKind == JsonValueKind.Object);
        var granularList = !shape.IsLeaf && shape.Kind is ShapeKind.MapList or ShapeKind.SetList
            && (aAbsent || a.ValueKind == JsonValueKind.Array) && (bAbsent || b.ValueKind == JsonValueKind.Array);
        if (!granularObject && !granularList)
        {
            if (aAbsent)
            {
                Added.Insert(CollectionsMarshal.AsSpan(_path));
            }
            else if (bAbsent)
            {
                Removed.Insert(CollectionsMarshal.AsSpan(_path));
            }
            else if (!JsonElement.DeepEquals(a, b))
            {
                Modified.Insert(CollectionsMarshal.AsSpan(_path));
            }

            return;
        }

        if (fieldName is null || !ValueStructFields.Contains(fieldName))
        {
            if (aAbsent)
            {
                Added.Insert(CollectionsMarshal.AsSpan(_path));
            }
            else if (bAbsent)
            {
                Removed.Insert(CollectionsMarshal.AsSpan(_path));
            }
        }

        if (granularObject)
        {
            foreach (var name in Names(a, b))
            {
                Field(a, b, name, shape);
            }

            return;
        }

        var before = Items(a, shape);
        var after = Items(b, shape);
        var itemShape = ApplySchema.Item(shape);
        foreach (var (element, item) in before)
        {
            _path.Add(element);
            Walk(item, after.GetValueOrDefault(element), itemShape, null);
            _path.RemoveAt(_path.Count - 1);
        }

        foreach (var (element, item) in after)
        {
            if (!before.ContainsKey(element))
            {
                _path.Add(element);
                Walk(default, item, itemShape, null);
                _path.RemoveAt(_path.Count - 1);
            }
        }
    }

    private static Dictionary<string, JsonElement> Items(JsonElement list, Shape shape)
    {
        var items = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (list.ValueKind != JsonValueKind.Array)
        {
            return items;
        }

        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            items.TryAdd(ListItems.Element(item, shape, index++), item);
        }

        return items;
    }

    private static JsonElement Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : default;

    /// <summary>The property names of both objects, those of the first in order, then the second's new ones.</summary>
    private static IEnumerable<string> Names(JsonElement a, JsonElement b)
    {
        HashSet<string>? seen = null;
        if (a.ValueKind == JsonValueKind.Object)
        {
            seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var p in a.EnumerateObject())
            {
                seen.Add(p.Name);
                yield return p.Name;
            }
        }

        if (b.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in b.EnumerateObject())
            {
                if (seen is null || !seen.Contains(p.Name))
                {
                    yield return p.Name;
                }
            }
        }
    }
}
