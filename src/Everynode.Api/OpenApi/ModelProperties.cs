using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Everynode.Api.OpenApi;

/// <summary>The properties of a KubernetesClient model type by JSON field name ([JsonPropertyName]), cached.</summary>
internal static class ModelProperties
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, Type>> ByType = new();

    public static Dictionary<string, Type> ByJsonName(Type type) =>
        ByType.GetOrAdd(type, static t =>
        {
            var byName = new Dictionary<string, Type>(StringComparer.Ordinal);
            foreach (var property in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name is { } name)
                {
                    byName.TryAdd(name, property.PropertyType);
                }
            }

            return byName;
        });
}
