using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>RFC 6902 JSON Patch (<c>application/json-patch+json</c>).</summary>
public static class JsonPatch
{
    public static JsonNode? Apply(JsonNode? document, JsonNode patch) => throw new NotImplementedException();
}
