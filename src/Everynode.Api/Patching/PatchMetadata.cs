
namespace Everynode.Api.Patching;

/// <summary>
/// Finds patch metadata by walking a C# model type the way upstream walks Go structs: by JSON field name
/// ([JsonPropertyName]). Lists (IList&lt;T&gt;) yield their element type, maps (IDictionary&lt;string,T&gt;)
/// yield T for every key, and anything the model does not know yields <see cref="PatchFieldInfo.Unknown"/>.
/// </summary>
internal static class PatchMetadata
{
    public static PatchFieldInfo Lookup(Type? owner, string field)
    {
        if (owner is null)
        {
            return PatchFieldInfo.Unknown;
        }

        Type? valueType;
        if (OpenApi.CollectionTypes.MapValue(owner) is { } mapValue)
        {
            valueType = mapValue;
        }
        else if (!OpenApi.ModelProperties.ByJsonName(owner).TryGetValue(field, out valueType))
        {
            return PatchFieldInfo.Unknown;
        }

        valueType = Nullable.GetUnderlyingType(valueType) ?? valueType;
        var elementType = OpenApi.CollectionTypes.ListElement(valueType);
        if (elementType is not null)
        {
            valueType = elementType;
        }

        if (!PatchStrategyTags.TryGet(owner, field, out var strategy, out var mergeKey))
        {
            return new PatchFieldInfo(valueType, false, false, null);
        }

        var parts = strategy.Split(',');
        return new PatchFieldInfo(valueType, parts.Contains("merge"), parts.Contains("retainKeys"), mergeKey);
    }
}
