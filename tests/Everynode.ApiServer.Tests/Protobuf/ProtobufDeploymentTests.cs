using Everynode.ApiServer.Http;
using Everynode.ApiServer.Protobuf;

namespace Everynode.ApiServer.Tests.Protobuf;

/// <summary>The protobuf Deployment <c>kubectl create deployment</c> sends, decoded to JSON by the field table.</summary>
public sealed class ProtobufDeploymentTests
{
    private static byte[] Field(int number, byte[] payload) => [.. Varint((ulong)((number << 3) | 2)), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Field(int number, string text) => Field(number, System.Text.Encoding.UTF8.GetBytes(text));

    private static byte[] Number(int number, ulong value) => [.. Varint((ulong)(number << 3)), .. Varint(value)];

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private static byte[] Body(byte[] podSpecExtra)
    {
        byte[] appWeb = Field(1, [.. Field(1, "app"), .. Field(2, "web")]);
        byte[] meta = [.. Field(1, "web"), .. Field(11, [.. Field(1, "app"), .. Field(2, "web")])];
        byte[] container =
        [
            .. Field(1, "busybox"), .. Field(2, "busybox:1.36"), .. Field(3, "sleep"), .. Field(3, "3600"),
            .. Field(8, []), .. Field(13, ""), .. Number(16, 0),
        ];
        byte[] podSpec = [.. Field(2, container), .. Field(3, ""), .. Number(11, 0), .. podSpecExtra];
        byte[] template = [.. Field(1, [.. Field(11, [.. Field(1, "app"), .. Field(2, "web")])]), .. Field(2, podSpec)];
        byte[] spec = [.. Number(1, 3), .. Field(2, appWeb), .. Field(3, template), .. Field(4, []), .. Number(5, 0)];
        byte[] deployment = [.. Field(1, meta), .. Field(2, spec), .. Field(3, [.. Number(1, 0)])];
        byte[] typeMeta = [.. Field(1, "apps/v1"), .. Field(2, "Deployment")];
        return [.. "k8s\0"u8, .. Field(1, typeMeta), .. Field(2, deployment)];
    }

    [Fact]
    public void Decode_CreateDeploymentBody_GivesTheDeploymentAsJson()
    {
        var json = ProtobufBodyDecoder.Decode(Body([])).ToJsonString();
        Assert.Equal(
            """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"busybox","image":"busybox:1.36","command":["sleep","3600"],"resources":{},"stdin":false}],"hostNetwork":false}},"strategy":{},"minReadySeconds":0}}""",
            json);
    }

    [Fact]
    public void Decode_AFieldOutsideTheTableWithAValue_IsRefusedNotDropped()
    {
        var e = Assert.Throws<ApiException>(() => ProtobufBodyDecoder.Decode(Body(Field(29, "gvisor"))));
        Assert.Equal(415, e.Code);
        Assert.Contains("field 29 of PodSpec", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AZeroFieldOutsideTheTable_IsIgnored() =>
        Assert.DoesNotContain("29", ProtobufBodyDecoder.Decode(Body(Field(29, ""))).ToJsonString(), StringComparison.Ordinal);

    [Fact]
    public void Decode_OtherKinds_StillUnsupported()
    {
        byte[] typeMeta = [.. Field(1, "apps/v1"), .. Field(2, "StatefulSet")];
        var e = Assert.Throws<ApiException>(() => ProtobufBodyDecoder.Decode([.. "k8s\0"u8, .. Field(1, typeMeta), .. Field(2, [])]));
        Assert.Equal(415, e.Code);
    }
}
