namespace Everynode.Api.Apply;

/// <summary>How structured merge treats a value (upstream's schema element relationships).</summary>
internal enum ShapeKind
{
    /// <summary>A leaf: strings, numbers, booleans, quantities, times.</summary>
    Scalar,

    /// <summary>An object with declared fields, merged field by field.</summary>
    Struct,

    /// <summary>An object with free keys (labels, annotations, nodeSelector), merged key by key.</summary>
    Map,

    /// <summary>A list replaced whole.</summary>
    AtomicList,

    /// <summary>A list of distinct scalars, merged item by item (finalizers).</summary>
    SetList,

    /// <summary>A list of objects identified by key fields (containers by name), merged item by item.</summary>
    MapList,

    /// <summary>A value the model does not describe: objects merge key by key, lists are atomic.</summary>
    Deduced,
}
