namespace Everynode.Api.OpenApi;

/// <summary>Element types of the list and map shapes the KubernetesClient models use.</summary>
internal static class CollectionTypes
{
    public static Type? ListElement(Type type)
    {
        if (type == typeof(string) || type == typeof(byte[]))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IList<>) || definition == typeof(List<>) || definition == typeof(ICollection<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    public static Type? MapValue(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(IDictionary<,>) || definition == typeof(Dictionary<,>) || definition == typeof(IReadOnlyDictionary<,>)
            ? type.GetGenericArguments()[1]
            : null;
    }
}
