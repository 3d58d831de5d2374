using System.Text.Json.Nodes;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Protobuf;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// Reads the protobuf form of the authorization.k8s.io/v1 reviews kubectl sends (runtime.Unknown envelope, then
/// the review: field 2 spec). Only the spec is read: resourceAttributes (1), nonResourceAttributes (2), user (3),
/// groups (4), uid (6) of a (Self)SubjectAccessReview spec, or namespace (1) of a SelfSubjectRulesReview spec.
/// </summary>
internal static class AccessReviewProtobuf
{
    private static readonly string[] ResourceAttributeNames = ["", "namespace", "verb", "group", "version", "resource", "subresource", "name"];

    public static JsonObject Decode(byte[] body, string kind)
    {
        try
        {
            if (!body.AsSpan().StartsWith("k8s\0"u8))
            {
                throw ApiException.BadRequest("the protobuf body does not start with the Kubernetes magic bytes");
            }

            var raw = Field(body.AsSpan(4), 2);
            var spec = Field(raw, 2);
            return new JsonObject { ["spec"] = kind == "SelfSubjectRulesReview" ? RulesSpec(spec) : AccessSpec(spec) };
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"error decoding the protobuf body: {e.Message}");
        }
    }

    private static JsonObject RulesSpec(ReadOnlySpan<byte> spec)
    {
        var o = new JsonObject();
        var r = new ProtoReader(spec);
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                o["namespace"] = r.ReadString();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return o;
    }

    private static JsonObject AccessSpec(ReadOnlySpan<byte> spec)
    {
        var o = new JsonObject();
        var groups = new JsonArray();
        var r = new ProtoReader(spec);
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    o["resourceAttributes"] = Strings(r.ReadBytes(), ResourceAttributeNames);
                    break;
                case 2 when wire == 2:
                    o["nonResourceAttributes"] = Strings(r.ReadBytes(), ["", "path", "verb"]);
                    break;
                case 3 when wire == 2:
                    o["user"] = r.ReadString();
                    break;
                case 4 when wire == 2:
                    groups.Add(r.ReadString());
                    break;
                case 6 when wire == 2:
                    o["uid"] = r.ReadString();
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        if (groups.Count > 0)
        {
            o["groups"] = groups;
        }

        return o;
    }

    /// <summary>A message whose fields 1..n are strings, named by <paramref name="names"/>; other fields are skipped.</summary>
    private static JsonObject Strings(ReadOnlySpan<byte> data, string[] names)
    {
        var o = new JsonObject();
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var field, out var wire))
        {
            if (wire == 2 && field > 0 && field < names.Length && names[field].Length > 0)
            {
                o[names[field]] = r.ReadString();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return o;
    }

    private static ReadOnlySpan<byte> Field(ReadOnlySpan<byte> data, int wanted)
    {
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field == wanted && wire == 2)
            {
                return r.ReadBytes();
            }

            r.Skip(wire);
        }

        return default;
    }
}
