using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>Kubernetes strategic merge patch (<c>application/strategic-merge-patch+json</c>).</summary>
public static class StrategicMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="original"/>, a JSON form of <paramref name="modelType"/>.</summary>
    public static JsonNode? Apply(JsonNode? original, JsonNode patch, Type modelType) => throw new NotImplementedException();
}
