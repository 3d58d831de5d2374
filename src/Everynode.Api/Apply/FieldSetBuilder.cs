using System.Text.Json;

namespace Everynode.Api.Apply;

/// <summary>
/// The set of fields a value sets (upstream's ToFieldSet): every scalar and atomic value, every list item, every map
/// key and every empty or null value is a member; declared struct fields are only the way to their contents.
/// </summary>
internal static class FieldSetBuilder
{
    public static FieldSet ToFieldSet(JsonElement obj, Shape shape, StrippedFields stripped)
    {
        var set = new FieldSet();
        if (obj.ValueKind != JsonValueKind.Object)
        {
            return set;
        }

        foreach (var property in obj.EnumerateObject())
        {
            if (stripped.SkipsTopLevel(property.Name))
            {
                continue;
            }

            var childShape = ApplySchema.Child(shape, property.Name);
            var child = set.Descend(PathElements.Field(property.Name));
            if (property.Name == "metadata" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (var m in property.Value.EnumerateObject())
                {
                    if (!StrippedFields.SkipsMetadata(m.Name))
                    {
                        Property(m, childShape, child);
                    }
                }

                continue;
            }

            WalkProperty(property, childShape, child, shape);
        }

        return set;
    }

    private static void Property(JsonProperty property, Shape parent, FieldSet node) =>
        WalkProperty(property, ApplySchema.Child(parent, property.Name), node.Descend(PathElements.Field(property.Name)), parent);

    private static void WalkProperty(JsonProperty property, Shape shape, FieldSet node, Shape parent)
    {
        Walk(property.Value, shape, node);
        var value = property.Value;
        if (value.ValueKind == JsonValueKind.Null
            || (value.ValueKind == JsonValueKind.Object && !value.EnumerateObject().Any())
            || !ApplySchema.Declares(parent, property.Name))
        {
            node.Insert();
        }
    }

    private static void Walk(JsonElement value, Shape shape, FieldSet node)
    {
        if (shape.IsLeaf)
        {
            node.Insert();
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Object when shape.Kind is ShapeKind.Struct or ShapeKind.Map or ShapeKind.Deduced:
                foreach (var property in value.EnumerateObject())
                {
                    Property(property, shape, node);
                }

                return;
            case JsonValueKind.Array when shape.Kind is ShapeKind.MapList or ShapeKind.SetList:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var child = node.Descend(ListItems.Element(item, shape, index++));
                    Walk(item, ApplySchema.Item(shape), child);
                    child.Insert();
                }

                return;
            default:
                node.Insert();
                return;
        }
    }
}
