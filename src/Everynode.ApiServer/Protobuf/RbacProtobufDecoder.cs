using System.Text.Json.Nodes;

namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// The protobuf bodies of <c>kubectl create role|clusterrole|rolebinding|clusterrolebinding|secret|configmap</c>
/// (k8s.io/api generated.proto field numbers), turned into their JSON form.
/// </summary>
internal static class RbacProtobufDecoder
{
    public static JsonObject? TryDecode(string? apiVersion, string? kind, ReadOnlySpan<byte> raw) => (apiVersion, kind) switch
    {
        ("rbac.authorization.k8s.io/v1", "Role" or "ClusterRole") => Role(apiVersion, kind, raw),
        ("rbac.authorization.k8s.io/v1", "RoleBinding" or "ClusterRoleBinding") => Binding(apiVersion, kind, raw),
        ("v1", "Secret") => Secret(raw),
        ("v1", "ConfigMap") => ConfigMap(raw),
        _ => null,
    };

    private static JsonObject Role(string apiVersion, string kind, ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        var rules = new JsonArray();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    obj["metadata"] = ObjectMetaDecoder.Decode(r.ReadBytes());
                    break;
                case 2 when wire == 2:
                    rules.Add(Rule(r.ReadBytes()));
                    break;
                case 3 when wire == 2:
                    obj["aggregationRule"] = new JsonObject { ["clusterRoleSelectors"] = Selectors(r.ReadBytes()) };
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        obj["rules"] = rules;
        return obj;
    }

    private static JsonObject Rule(ReadOnlySpan<byte> data)
    {
        var rule = new JsonObject();
        string[] names = ["", "verbs", "apiGroups", "resources", "resourceNames", "nonResourceURLs"];
        for (var f = 1; f < names.Length; f++)
        {
            var values = ProtobufBodyDecoder.ReadStrings(data, f);
            if (values.Count > 0)
            {
                rule[names[f]] = values;
            }
        }

        return rule;
    }

    /// <summary>AggregationRule.clusterRoleSelectors (field 1): LabelSelectors with matchLabels (1) and matchExpressions (2).</summary>
    private static JsonArray Selectors(ReadOnlySpan<byte> data)
    {
        var list = new JsonArray();
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field != 1 || wire != 2)
            {
                r.Skip(wire);
                continue;
            }

            var selector = new JsonObject();
            var s = new ProtoReader(r.ReadBytes());
            while (s.TryReadTag(out var sf, out var sw))
            {
                if (sf == 1 && sw == 2)
                {
                    var (key, value) = MapEntry(s.ReadBytes());
                    var labels = selector["matchLabels"] as JsonObject ?? [];
                    labels[key] = value;
                    selector["matchLabels"] = labels;
                }
                else if (sf == 2 && sw == 2)
                {
                    var e = s.ReadBytes();
                    var expressions = selector["matchExpressions"] as JsonArray ?? [];
                    expressions.Add(new JsonObject
                    {
                        ["key"] = String(e, 1),
                        ["operator"] = String(e, 2),
                        ["values"] = ProtobufBodyDecoder.ReadStrings(e, 3),
                    });
                    selector["matchExpressions"] = expressions;
                }
                else
                {
                    s.Skip(sw);
                }
            }

            list.Add(selector);
        }

        return list;
    }

    private static JsonObject Binding(string apiVersion, string kind, ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = kind };
        var subjects = new JsonArray();
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    obj["metadata"] = ObjectMetaDecoder.Decode(r.ReadBytes());
                    break;
                case 2 when wire == 2:
                    var s = r.ReadBytes();
                    var subject = new JsonObject { ["kind"] = String(s, 1), ["name"] = String(s, 3) };
                    if (String(s, 2) is { Length: > 0 } group)
                    {
                        subject["apiGroup"] = group;
                    }

                    if (String(s, 4) is { Length: > 0 } ns)
                    {
                        subject["namespace"] = ns;
                    }

                    subjects.Add(subject);
                    break;
                case 3 when wire == 2:
                    var rr = r.ReadBytes();
                    obj["roleRef"] = new JsonObject { ["apiGroup"] = String(rr, 1), ["kind"] = String(rr, 2), ["name"] = String(rr, 3) };
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        if (subjects.Count > 0)
        {
            obj["subjects"] = subjects;
        }

        return obj;
    }

    private static JsonObject Secret(ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Secret" };
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    obj["metadata"] = ObjectMetaDecoder.Decode(r.ReadBytes());
                    break;
                case 2 when wire == 2:
                    var (key, value) = MapEntryBytes(r.ReadBytes());
                    AddEntry(obj, "data", key, Convert.ToBase64String(value));
                    break;
                case 3 when wire == 2:
                    obj["type"] = r.ReadString();
                    break;
                case 4 when wire == 2:
                    var (k, v) = MapEntry(r.ReadBytes());
                    AddEntry(obj, "stringData", k, v);
                    break;
                case 5 when wire == 0:
                    obj["immutable"] = r.ReadVarint() != 0;
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return obj;
    }

    /// <summary>v1 ConfigMap: metadata 1, data 2 (map of strings), binaryData 3 (map of bytes), immutable 4.</summary>
    private static JsonObject ConfigMap(ReadOnlySpan<byte> raw)
    {
        var obj = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap" };
        var r = new ProtoReader(raw);
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case 1 when wire == 2:
                    obj["metadata"] = ObjectMetaDecoder.Decode(r.ReadBytes());
                    break;
                case 2 when wire == 2:
                    var (key, value) = MapEntry(r.ReadBytes());
                    AddEntry(obj, "data", key, value);
                    break;
                case 3 when wire == 2:
                    var (k, bytes) = MapEntryBytes(r.ReadBytes());
                    AddEntry(obj, "binaryData", k, Convert.ToBase64String(bytes));
                    break;
                case 4 when wire == 0:
                    obj["immutable"] = r.ReadVarint() != 0;
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return obj;
    }

    /// <summary>One protobuf map entry into the JSON object <c>obj[field]</c>, created on the first entry.</summary>
    private static void AddEntry(JsonObject obj, string field, string key, string value)
    {
        if (obj[field] is not JsonObject map)
        {
            map = [];
            obj[field] = map;
        }

        map[key] = value;
    }

    private static string String(ReadOnlySpan<byte> data, int wanted)
    {
        var r = new ProtoReader(data);
        var value = "";
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field == wanted && wire == 2)
            {
                value = r.ReadString();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return value;
    }

    private static (string Key, string Value) MapEntry(ReadOnlySpan<byte> entry) => (String(entry, 1), String(entry, 2));

    private static (string Key, byte[] Value) MapEntryBytes(ReadOnlySpan<byte> entry)
    {
        var r = new ProtoReader(entry);
        var key = "";
        byte[] value = [];
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                key = r.ReadString();
            }
            else if (field == 2 && wire == 2)
            {
                value = r.ReadBytes().ToArray();
            }
            else
            {
                r.Skip(wire);
            }
        }

        return (key, value);
    }
}
