using System.Text.Json.Nodes;

namespace Everynode.Api.Tests.Patching;

/// <summary>Asserts on part of a patched document, addressed as <c>a.b[0].c</c> or <c>a.list[*].name</c>.</summary>
internal sealed class JsonNodeAssert(JsonNode? document)
{
    public void At(string path, string? expected, string? absentKey = null)
    {
        var node = Select(document, path.Split('.'));
        if (absentKey is not null)
        {
            Assert.False(node!.AsObject().ContainsKey(absentKey), $"{path} still has {absentKey}: {node.ToJsonString()}");
            return;
        }

        Json.Equal(expected!, node);
    }

    private static JsonNode? Select(JsonNode? node, IEnumerable<string> segments)
    {
        foreach (var segment in segments)
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket < 0 ? segment : segment[..bracket];
            node = node![name];
            if (bracket < 0)
            {
                continue;
            }

            var index = segment[(bracket + 1)..^1];
            if (index == "*")
            {
                var rest = segments.SkipWhile(s => s != segment).Skip(1).ToArray();
                return new JsonArray([.. node!.AsArray().Select(item => Select(item, rest)?.DeepClone())]);
            }

            node = node![int.Parse(index, System.Globalization.CultureInfo.InvariantCulture)];
        }

        return node;
    }
}
