namespace Everynode.Api.Apply;

/// <summary>
/// The structure of one value as structured merge sees it: its kind, the model type behind it (the struct, the map's
/// value or the list's item), the key fields of a map list, and whether a struct or map is atomic (replaced whole).
/// </summary>
internal sealed record Shape(ShapeKind Kind, Type? ModelType = null, bool Atomic = false, IReadOnlyList<string>? Keys = null)
{
    public static Shape Scalar { get; } = new(ShapeKind.Scalar);

    public static Shape Deduced { get; } = new(ShapeKind.Deduced);

    /// <summary>True when the value is owned and replaced as one piece.</summary>
    public bool IsLeaf => Kind is ShapeKind.Scalar or ShapeKind.AtomicList || Atomic;
}
