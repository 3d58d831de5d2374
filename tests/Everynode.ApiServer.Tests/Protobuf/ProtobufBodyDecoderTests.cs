using System.Net;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Protobuf;

namespace Everynode.ApiServer.Tests.Protobuf;

public sealed class ProtobufBodyDecoderTests
{
    /// <summary>The bytes kubectl 1.32 sends for <c>kubectl create namespace team-a</c> (recorded on the wire).</summary>
    private static byte[] CreateNamespaceTeamA() =>
    [
        .. "k8s\0"u8,
        0x0a, 0x0f, 0x0a, 0x02, .. "v1"u8, 0x12, 0x09, .. "Namespace"u8,
        0x12, 0x1e,
            0x0a, 0x16, 0x0a, 0x06, .. "team-a"u8, 0x12, 0x00, 0x1a, 0x00, 0x22, 0x00, 0x2a, 0x00, 0x32, 0x00, 0x38, 0x00, 0x42, 0x00,
            0x12, 0x00,
            0x1a, 0x02, 0x0a, 0x00,
        0x1a, 0x00, 0x22, 0x00,
    ];

    [Fact]
    public void Decode_KubectlCreateNamespaceBody_GivesTheNamespaceAsJson()
    {
        var obj = ProtobufBodyDecoder.Decode(CreateNamespaceTeamA());
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{}}""", obj.ToJsonString());
    }

    [Fact]
    public void Decode_LabelsAnnotationsAndFinalizers_AreRead()
    {
        byte[] meta =
        [
            0x0a, 0x01, (byte)'x',
            0x5a, 0x06, 0x0a, 0x01, (byte)'a', 0x12, 0x01, (byte)'b',
            0x62, 0x06, 0x0a, 0x01, (byte)'c', 0x12, 0x01, (byte)'d',
            0x72, 0x01, (byte)'f',
        ];
        byte[] raw = [0x0a, (byte)meta.Length, .. meta];
        byte[] body = [.. "k8s\0"u8, 0x0a, 0x0f, 0x0a, 0x02, .. "v1"u8, 0x12, 0x09, .. "Namespace"u8, 0x12, (byte)raw.Length, .. raw];
        var obj = ProtobufBodyDecoder.Decode(body);
        Assert.Equal("""{"name":"x","labels":{"a":"b"},"annotations":{"c":"d"},"finalizers":["f"]}""", obj["metadata"]!.ToJsonString());
    }

    [Fact]
    public void Decode_TruncatedBody_IsABadRequest()
    {
        var body = CreateNamespaceTeamA()[..20];
        var e = Assert.Throws<ApiException>(() => ProtobufBodyDecoder.Decode(body));
        Assert.Equal((int)HttpStatusCode.BadRequest, e.Code);
    }

    [Fact]
    public void Decode_OtherKinds_AreUnsupportedMediaType()
    {
        byte[] body = [.. "k8s\0"u8, 0x0a, 0x09, 0x0a, 0x02, .. "v1"u8, 0x12, 0x03, .. "Pod"u8];
        var e = Assert.Throws<ApiException>(() => ProtobufBodyDecoder.Decode(body));
        Assert.Equal(415, e.Code);
    }
}
