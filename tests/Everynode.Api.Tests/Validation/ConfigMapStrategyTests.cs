using Everynode.Api.ConfigMaps;
using k8s.Models;
using static Everynode.Api.Tests.Validation.StrategyHarness;

namespace Everynode.Api.Tests.Validation;

public sealed class ConfigMapStrategyTests
{
    private static readonly ConfigMapStrategy Strategy = new();

    private static V1ConfigMap ConfigMap(Dictionary<string, string>? data = null, Dictionary<string, byte[]>? binary = null, bool? immutable = null) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta { Name = "settings", NamespaceProperty = "default", ResourceVersion = "3" },
        Data = data,
        BinaryData = binary,
        Immutable = immutable,
    };

    [Fact]
    public void Create_ValidKeys_Pass_BadAndDuplicateKeys_AreInvalidWithUpstreamsMessages()
    {
        Assert.Empty(Create(Strategy, ConfigMap(new() { ["app.conf"] = "x", ["LEVEL_1"] = "y" }, new() { ["blob"] = [1, 2] })));

        Assert.Equal(
        [
            "data[..hidden]: Invalid value: \"..hidden\": must not start with '..'",
            "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
            "data[same]: Invalid value: \"same\": duplicate of key present in binaryData",
        ], Render(Create(Strategy, ConfigMap(new() { ["a/b"] = "x", ["..hidden"] = "y", ["same"] = "z" }, new() { ["same"] = [1] }))));
    }

    [Fact]
    public void Create_OverOneMebibyte_IsTooLong()
    {
        var errors = Render(Create(Strategy, ConfigMap(new() { ["big"] = new string('x', ConfigMapStrategy.MaxConfigMapSize + 1) })));

        Assert.Equal(["Too long: must have at most 1048576 bytes"], errors);
    }

    [Fact]
    public void Update_OfAnImmutableConfigMap_KeepsDataAndImmutability()
    {
        var old = ConfigMap(new() { ["k"] = "v" }, immutable: true);

        Assert.Empty(Update(Strategy, ConfigMap(new() { ["k"] = "v" }, immutable: true), old));
        Assert.Equal(["data: Forbidden: field is immutable when `immutable` is set"], Render(Update(Strategy, ConfigMap(new() { ["k"] = "changed" }, immutable: true), old)));
        Assert.Contains("immutable: Forbidden: field is immutable when `immutable` is set", Render(Update(Strategy, ConfigMap(new() { ["k"] = "v" }, immutable: false), old)));
        Assert.Empty(Update(Strategy, ConfigMap(new() { ["k"] = "changed" }), ConfigMap(new() { ["k"] = "v" })));
    }
}
