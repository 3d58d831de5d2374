using System.Text.Json.Nodes;

namespace Everynode.Api.Patching;

/// <summary>RFC 7386 JSON Merge Patch (<c>application/merge-patch+json</c>).</summary>
public static class JsonMergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch) => throw new NotImplementedException();
}
