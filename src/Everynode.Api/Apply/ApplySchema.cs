using System.Collections.Concurrent;
using Everynode.Api.OpenApi;
using Everynode.Api.Patching;
using k8s.Models;

namespace Everynode.Api.Apply;

/// <summary>
/// The structured-merge schema of the model types, derived the way upstream derives it from OpenAPI: a list's
/// <c>+listType</c> marker (<see cref="SchemaExtensions"/>) wins; without one, a <c>patchStrategy=merge</c> list with a
/// merge key is a map list and one without a key a set (<see cref="PatchStrategyTags"/>); every other list is atomic.
/// Structs marked <c>+structType=atomic</c> and maps marked <c>+mapType=atomic</c> are replaced whole.
/// </summary>
internal static class ApplySchema
{
    private static readonly ConcurrentDictionary<Type, Shape> TypeShapes = new();
    private static readonly ConcurrentDictionary<(Type Owner, string Field), Shape?> FieldShapes = new();

    /// <summary>Maps upstream marks <c>+mapType=atomic</c>.</summary>
    private static readonly HashSet<(Type Owner, string Field)> AtomicMaps =
    [
        (typeof(V1PodSpec), "nodeSelector"),
    ];

    /// <summary>The shape of a whole object of a model type.</summary>
    public static Shape OfType(Type type) => TypeShapes.GetOrAdd(type, static t => Classify(Nullable.GetUnderlyingType(t) ?? t, null, null));

    /// <summary>The shape of the value under <paramref name="name"/> in a value of shape <paramref name="parent"/>.</summary>
    public static Shape Child(Shape parent, string name)
    {
        switch (parent.Kind)
        {
            case ShapeKind.Struct when parent.ModelType is { } owner:
                return FieldShapes.GetOrAdd((owner, name), static key =>
                    ModelProperties.ByJsonName(key.Owner).TryGetValue(key.Field, out var type) ? Classify(type, key.Owner, key.Field) : null)
                    ?? Shape.Deduced;
            case ShapeKind.Map when parent.ModelType is { } value:
                return OfType(value);
            default:
                return Shape.Deduced;
        }
    }

    /// <summary>The shape of one item of a list.</summary>
    public static Shape Item(Shape list) => list.ModelType is { } item ? OfType(item) : Shape.Deduced;

    /// <summary>True when a struct declares the field (undeclared keys of a struct are owned one by one).</summary>
    public static bool Declares(Shape parent, string name) =>
        parent.Kind == ShapeKind.Struct && parent.ModelType is { } owner && ModelProperties.ByJsonName(owner).ContainsKey(name);

    private static Shape Classify(Type type, Type? owner, string? field)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (IsScalar(type))
        {
            return Shape.Scalar;
        }

        if (CollectionTypes.MapValue(type) is { } mapValue)
        {
            var atomic = owner is not null && AtomicMaps.Contains((owner, field!));
            return new Shape(ShapeKind.Map, mapValue, atomic);
        }

        if (CollectionTypes.ListElement(type) is { } element)
        {
            return ListShape(element, owner, field);
        }

        if (type == typeof(object) || type.Namespace != typeof(V1Pod).Namespace)
        {
            return Shape.Deduced;
        }

        return new Shape(ShapeKind.Struct, type, SchemaExtensions.MapType(type) == "atomic");
    }

    private static Shape ListShape(Type element, Type? owner, string? field)
    {
        if (owner is not null && SchemaExtensions.ListType(owner, field!) is { } tag)
        {
            return tag.Type switch
            {
                "map" => new Shape(ShapeKind.MapList, element, Keys: tag.MapKeys),
                "set" => new Shape(ShapeKind.SetList, element),
                _ => new Shape(ShapeKind.AtomicList, element),
            };
        }

        if (owner is not null && PatchStrategyTags.TryGet(owner, field!, out var strategy, out var mergeKey)
            && strategy.Split(',').Contains("merge"))
        {
            return mergeKey is null ? new Shape(ShapeKind.SetList, element) : new Shape(ShapeKind.MapList, element, Keys: [mergeKey]);
        }

        return new Shape(ShapeKind.AtomicList, element);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(byte[]) || type == typeof(IntOrString) || type == typeof(ResourceQuantity);
}
