using System.Text.Json.Nodes;

namespace Everynode.Api.Tests.Patching;

/// <summary>Test helpers: JSON written with single quotes, compared structurally.</summary>
internal static class Json
{
    public static JsonNode? Parse(string text) => JsonNode.Parse(text.Replace('\'', '"'));

    public static void Equal(string expected, JsonNode? actual)
    {
        var expectedNode = Parse(expected);
        Assert.True(
            JsonNode.DeepEquals(expectedNode, actual),
            $"expected {expectedNode?.ToJsonString() ?? "null"}\n  actual {actual?.ToJsonString() ?? "null"}");
    }
}
