namespace Everynode.ApiServer.Tables;

/// <summary>What a Table row's <c>object</c> carries (the <c>includeObject</c> query parameter).</summary>
internal enum IncludeObject
{
    /// <summary>A PartialObjectMetadata: kind, apiVersion and the object's metadata (the default).</summary>
    Metadata,

    /// <summary>The whole object.</summary>
    Object,

    /// <summary>No object (<c>null</c>).</summary>
    None,
}
