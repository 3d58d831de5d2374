namespace Everynode.Api.Patching;

/// <summary>
/// What a strategic merge patch needs to know about one field: the C# model type of its value (for lists, of
/// one element; null when the field is not in the model), and upstream's <c>patchStrategy</c> /
/// <c>patchMergeKey</c> struct tags.
/// </summary>
internal readonly record struct PatchFieldInfo(Type? ValueType, bool Merge, bool RetainKeys, string? MergeKey)
{
    /// <summary>A field the model does not know: maps merge recursively, lists are replaced.</summary>
    public static PatchFieldInfo Unknown { get; } = new(null, false, false, null);
}
