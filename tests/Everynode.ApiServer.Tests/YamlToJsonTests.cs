using Everynode.ApiServer.Http;

namespace Everynode.ApiServer.Tests;

/// <summary>YAML request bodies: aliases may not expand a small body into a huge document.</summary>
public sealed class YamlToJsonTests
{
    [Fact]
    public void Convert_AliasBomb_IsRefusedAsExcessiveAliasing()
    {
        var levels = new[] { "a", "b", "c", "d", "e", "f" };
        var yaml = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n" + string.Join("\n", levels.Skip(1).Select((level, i) =>
            $"{level}: &{level} [{string.Join(",", Enumerable.Repeat("*" + levels[i], 9))}]"));

        var e = Assert.Throws<ApiException>(() => YamlToJson.Convert(yaml));

        Assert.Equal(400, e.Code);
        Assert.Equal("error converting YAML to JSON: yaml: document contains excessive aliasing", e.Message);
    }

    [Fact]
    public void Convert_AFewAliases_AreExpanded()
    {
        var json = YamlToJson.Convert("base: &labels {app: web, tier: front}\nmetadata: {labels: *labels}\nmore: [*labels, *labels]")!.ToJsonString();

        Assert.Equal("""{"base":{"app":"web","tier":"front"},"metadata":{"labels":{"app":"web","tier":"front"}},"more":[{"app":"web","tier":"front"},{"app":"web","tier":"front"}]}""", json);
    }
}
