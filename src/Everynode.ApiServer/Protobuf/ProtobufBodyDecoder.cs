using System.Text.Json.Nodes;
using Everynode.ApiServer.Http;

namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// Decodes the Kubernetes protobuf envelope (<c>k8s\0</c> + runtime.Unknown) for the objects kubectl sends as
/// protobuf: a Namespace (<c>kubectl create namespace</c>), RBAC objects and Secrets (<c>kubectl create rolebinding</c>,
/// ...) and a Deployment (<c>kubectl create deployment</c>). The result is the object's JSON form.
/// </summary>
internal static class ProtobufBodyDecoder
{
    private static ReadOnlySpan<byte> Magic => "k8s\0"u8;

    public static JsonObject Decode(ReadOnlySpan<byte> body)
    {
        try
        {
            if (!body.StartsWith(Magic))
            {
                throw ApiException.BadRequest("the protobuf body does not start with the Kubernetes magic bytes");
            }

            string? apiVersion = null, kind = null;
            ReadOnlySpan<byte> raw = default;
            var unknown = new ProtoReader(body[Magic.Length..]);
            while (unknown.TryReadTag(out var field, out var wire))
            {
                switch (field)
                {
                    case 1 when wire == 2:
                        (apiVersion, kind) = ReadTypeMeta(unknown.ReadBytes());
                        break;
                    case 2 when wire == 2:
                        raw = unknown.ReadBytes();
                        break;
                    default:
                        unknown.Skip(wire);
                        break;
                }
            }

            return (apiVersion, kind) switch
            {
                ("v1", "Namespace") => DecodeNamespace(raw),
                ("apps/v1", "Deployment") => Typed(ProtobufMessageDecoder.Decode(raw, "Deployment"), "apps/v1", "Deployment"),
                _ when RbacProtobufDecoder.TryDecode(apiVersion, kind, raw) is { } decoded => decoded,
                _ => throw new ApiException(415, "UnsupportedMediaType",
                    $"the server reads protobuf bodies only for v1 Namespace, apps/v1 Deployment, Secrets, ConfigMaps and RBAC objects, not {apiVersion} {kind}; send JSON (application/json)"),
            };
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"error decoding the protobuf body: {e.Message}");
        }
    }

    private static JsonObject Typed(JsonObject obj, string apiVersion, string kind)
    {
        var typed = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        foreach (var (name, value) in obj.ToList())
        {
            obj.Remove(name);
            typed[name] = value;
        }

        return typed;
    }

    private static (string? ApiVersion, string? Kind) ReadTypeMeta(ReadOnlySpan<byte> data)
    {
        string? apiVersion = null, kind = null;
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                apiVersion = r.ReadString();
            }
            else if (field == 2 && wire == 2)
            {
                kind = r.ReadString();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return (apiVersion, kind);
    }

    private static JsonObject DecodeNamespace(ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace" };
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    obj["metadata"] = ObjectMetaDecoder.Decode(r.ReadBytes());
                    break;
                case 2 when wire == 2:
                    var finalizers = ReadStrings(r.ReadBytes(), 1);
                    obj["spec"] = finalizers.Count > 0 ? new JsonObject { ["finalizers"] = finalizers } : new JsonObject();
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return obj;
    }

    internal static JsonArray ReadStrings(ReadOnlySpan<byte> data, int fieldNumber)
    {
        var list = new JsonArray();
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field == fieldNumber && wire == 2)
            {
                list.Add(r.ReadString());
            }
            else
            {
                r.Skip(wire);
            }
        }

        return list;
    }
}
