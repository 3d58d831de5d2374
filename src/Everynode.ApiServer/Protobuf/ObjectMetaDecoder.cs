using System.Text.Json.Nodes;

namespace Everynode.ApiServer.Protobuf;

/// <summary>Reads the ObjectMeta fields a client may set on create from their protobuf form.</summary>
internal static class ObjectMetaDecoder
{
    public static JsonObject Decode(ReadOnlySpan<byte> data)
    {
        var meta = new JsonObject();
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var field, out var wire))
        {
            switch (field, wire)
            {
                case (1, 2):
                    SetIfNotEmpty(meta, "name", r.ReadString());
                    break;
                case (2, 2):
                    SetIfNotEmpty(meta, "generateName", r.ReadString());
                    break;
                case (3, 2):
                    SetIfNotEmpty(meta, "namespace", r.ReadString());
                    break;
                case (11, 2):
                    AddMapEntry(meta, "labels", r.ReadBytes());
                    break;
                case (12, 2):
                    AddMapEntry(meta, "annotations", r.ReadBytes());
                    break;
                case (14, 2):
                    var finalizers = meta["finalizers"] as JsonArray ?? [];
                    finalizers.Add(r.ReadString());
                    meta["finalizers"] = finalizers;
                    break;
                default:
                    r.Skip(wire);
                    break;
            }
        }

        return meta;
    }

    private static void SetIfNotEmpty(JsonObject meta, string name, string value)
    {
        if (value.Length > 0)
        {
            meta[name] = value;
        }
    }

    /// <summary>A map entry is a message {1: key, 2: value}.</summary>
    private static void AddMapEntry(JsonObject meta, string mapName, ReadOnlySpan<byte> entry)
    {
        string key = "", value = "";
        var r = new ProtoReader(entry);
        while (r.TryReadTag(out var field, out var wire))
        {
            if (field == 1 && wire == 2)
            {
                key = r.ReadString();
            }
            else if (field == 2 && wire == 2)
            {
                value = r.ReadString();
            }
            else
            {
                r.Skip(wire);
            }
        }

        var map = meta[mapName] as JsonObject ?? [];
        map[key] = value;
        meta[mapName] = map;
    }
}
