using System.Text.Json;
using Everynode.Api.Apply;
using k8s.Models;

namespace Everynode.Api.Tests.Apply;

/// <summary>FieldsV1 encoding, set algebra and upstream's path spelling.</summary>
public class FieldSetTests
{
    private const string ContainerFields = """{"f:spec":{"f:containers":{"k:{\"name\":\"c\"}":{".":{},"f:image":{},"f:name":{}}},"f:nodeSelector":{}}}""";

    [Fact]
    public void FieldsV1_RoundTripsInUpstreamsOrder()
    {
        using var doc = JsonDocument.Parse(ContainerFields);
        var set = FieldSet.FromFieldsV1(doc.RootElement, out var error);

        Assert.Null(error);
        Assert.Equal(ContainerFields, set!.ToFieldsV1().ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.True(set.Has("f:spec", "f:containers", "k:{\"name\":\"c\"}"));
        Assert.True(set.Has("f:spec", "f:nodeSelector"));
        Assert.False(set.Has("f:spec"));
    }

    [Theory]
    [InlineData("""{"f:a":[]}""")]
    [InlineData("""{"x:a":{}}""")]
    [InlineData("""[]""")]
    public void FieldsV1_Malformed_IsRejected(string json)
    {
        using var doc = JsonDocument.Parse(json);

        Assert.Null(FieldSet.FromFieldsV1(doc.RootElement, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void UnionDifferenceIntersection_WorkOnMembers()
    {
        var a = new FieldSet();
        a.Insert("f:x");
        a.Insert("f:y", "f:z");
        var b = new FieldSet();
        b.Insert("f:y", "f:z");
        b.Insert("f:w");

        Assert.Equal([".x"], a.Difference(b).Paths().Select(FieldSet.PathString));
        Assert.Equal([".y.z"], a.Intersection(b).Paths().Select(FieldSet.PathString));
        Assert.Equal([".w", ".x", ".y.z"], a.Union(b).Paths().Select(FieldSet.PathString));
        Assert.True(a.Difference(a).IsEmpty);
    }

    [Fact]
    public void PathString_PrintsKeysValuesAndIndexes()
    {
        Assert.Equal(".spec.ports[containerPort=80,protocol=\"TCP\"].name", FieldSet.PathString(["f:spec", "f:ports", "k:{\"containerPort\":80,\"protocol\":\"TCP\"}", "f:name"]));
        Assert.Equal(".metadata.finalizers[=\"x\"]", FieldSet.PathString(["f:metadata", "f:finalizers", "v:\"x\""]));
        Assert.Equal(".spec.args[0]", FieldSet.PathString(["f:spec", "f:args", "i:0"]));
    }

    [Fact]
    public void Codec_ResetAndMalformedEntries_AreRecognised()
    {
        Assert.True(ManagedFieldsCodec.IsReset([]));
        Assert.True(ManagedFieldsCodec.IsReset([new V1ManagedFieldsEntry()]));
        Assert.False(ManagedFieldsCodec.IsReset(null));
        Assert.Null(ManagedFieldsCodec.Decode([new V1ManagedFieldsEntry { Manager = "m", Operation = "Update", FieldsType = "FieldsV2" }], out var error));
        Assert.Contains("FieldsV2", error, StringComparison.Ordinal);
        Assert.Null(ManagedFieldsCodec.Decode([new V1ManagedFieldsEntry { Manager = "m", Operation = "Delete", FieldsType = "FieldsV1" }], out _));
    }

    [Fact]
    public void Codec_Encode_OrdersApplyFirstThenByTime()
    {
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var fields = new FieldSet();
        fields.Insert("f:a");
        var encoded = ManagedFieldsCodec.Encode(
        [
            new ManagerEntry("late", ManagerEntry.Update, "v1", t.AddMinutes(1), null, fields),
            new ManagerEntry("early", ManagerEntry.Update, "v1", t, null, fields),
            new ManagerEntry("applier", ManagerEntry.Apply, "v1", t.AddMinutes(2), null, fields),
        ])!;

        Assert.Equal(["applier", "early", "late"], encoded.Select(e => e.Manager));
        Assert.All(encoded, e => Assert.Equal("FieldsV1", e.FieldsType));
    }
}
