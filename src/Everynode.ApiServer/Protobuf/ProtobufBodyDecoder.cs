using System.Text.Json.Nodes;
using Everynode.ApiServer.Http;
using Google.Protobuf;

namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind},
/// 2 raw) and the object inside it, for the kinds <see cref="ProtobufSchema"/> describes. The result is the object's
/// JSON form; a malformed body is a 400, a kind the server does not read as protobuf a 415.
/// </summary>
internal static class ProtobufBodyDecoder
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    /// <summary>The object of a create or update body, with its apiVersion and kind first.</summary>
    public static JsonObject Decode(byte[] body) => Guarded(() =>
    {
        var (apiVersion, kind, raw) = Unwrap(body);
        var message = ProtobufSchema.MessageOf(apiVersion, kind) ?? throw new ApiException(415, "UnsupportedMediaType",
            $"the server reads protobuf bodies only for v1 Namespace, apps/v1 Deployment, Secrets, ConfigMaps and RBAC objects, not {apiVersion} {kind}; send JSON (application/json)");
        var decoded = ProtobufMessageDecoder.Decode(raw, message);
        var typed = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (name, value) in decoded.ToList())
        {
            decoded.Remove(name);
            typed[name] = value;
        }

        return typed;
    });

    /// <summary>The spec of an access review (the kind comes from the URL): <c>{"spec": {…}}</c>.</summary>
    public static JsonObject DecodeReview(byte[] body, string kind) => Guarded(() =>
    {
        var (_, _, raw) = Unwrap(body);
        var review = ProtobufMessageDecoder.Decode(raw, kind == "SelfSubjectRulesReview" ? "SelfSubjectRulesReview" : "SubjectAccessReview");
        return new JsonObject { ["spec"] = review["spec"]?.DeepClone() ?? new JsonObject() };
    });

    private static JsonObject Guarded(Func<JsonObject> decode)
    {
        try
        {
            return decode();
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            throw ApiException.BadRequest($"error decoding the protobuf body: {e.Message}");
        }
    }

    private static (string? ApiVersion, string? Kind, ReadOnlyMemory<byte> Raw) Unwrap(byte[] body)
    {
        if (!body.AsSpan().StartsWith(Magic))
        {
            throw ApiException.BadRequest("the protobuf body does not start with the Kubernetes magic bytes");
        }

        string? apiVersion = null, kind = null;
        ReadOnlyMemory<byte> raw = default;
        var unknown = new CodedInputStream(body, Magic.Length, body.Length - Magic.Length);
        uint tag;
        while ((tag = unknown.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
            {
                case (1, WireFormat.WireType.LengthDelimited):
                    var typeMeta = ProtobufMessageDecoder.Open(unknown.ReadBytes().Memory);
                    uint t;
                    while ((t = typeMeta.ReadTag()) != 0)
                    {
                        switch (WireFormat.GetTagFieldNumber(t), WireFormat.GetTagWireType(t))
                        {
                            case (1, WireFormat.WireType.LengthDelimited): apiVersion = typeMeta.ReadString(); break;
                            case (2, WireFormat.WireType.LengthDelimited): kind = typeMeta.ReadString(); break;
                            default: typeMeta.SkipLastField(); break;
                        }
                    }

                    break;
                case (2, WireFormat.WireType.LengthDelimited):
                    raw = unknown.ReadBytes().Memory;
                    break;
                default:
                    unknown.SkipLastField();
                    break;
            }
        }

        return (apiVersion, kind, raw);
    }
}
