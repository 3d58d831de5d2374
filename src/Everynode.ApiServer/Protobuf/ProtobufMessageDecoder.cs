using System.Text.Json.Nodes;
using Everynode.ApiServer.Http;

namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// Turns a protobuf message into its JSON form by the field table of <see cref="ProtobufSchema"/>. Empty strings are
/// left out (Go's JSON omits them); numbers and booleans are kept as sent. A field the table does not know is
/// refused (415) unless it carries a zero value.
/// </summary>
internal static class ProtobufMessageDecoder
{
    public static JsonObject Decode(ReadOnlySpan<byte> data, string message)
    {
        var fields = ProtobufSchema.Messages[message];
        var obj = new JsonObject();
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var number, out var wire))
        {
            if (!fields.TryGetValue(number, out var field))
            {
                SkipZero(ref r, wire, message, number);
                continue;
            }

            var value = ReadValue(ref r, wire, field);
            if (value is null)
            {
                continue;
            }

            if (field.Repeated)
            {
                var list = obj[field.Name] as JsonArray ?? [];
                list.Add(value);
                obj[field.Name] = list;
            }
            else if (field.Kind is ProtoFieldKind.StringMap or ProtoFieldKind.QuantityMap)
            {
                var map = obj[field.Name] as JsonObject ?? [];
                var pair = value.AsArray();
                map[pair[0]!.GetValue<string>()] = pair[1]!.DeepClone();
                obj[field.Name] = map;
            }
            else
            {
                obj[field.Name] = value;
            }
        }

        return obj;
    }

    private static JsonNode? ReadValue(ref ProtoReader r, int wire, ProtoField field)
    {
        switch (field.Kind)
        {
            case ProtoFieldKind.Int:
                Expect(wire, 0, field);
                return JsonValue.Create((long)r.ReadVarint());
            case ProtoFieldKind.Bool:
                Expect(wire, 0, field);
                return JsonValue.Create(r.ReadVarint() != 0);
            case ProtoFieldKind.Ignored:
                r.Skip(wire);
                return null;
        }

        Expect(wire, 2, field);
        var bytes = r.ReadBytes();
        return field.Kind switch
        {
            ProtoFieldKind.String => bytes.Length == 0 && !field.Repeated ? null : JsonValue.Create(System.Text.Encoding.UTF8.GetString(bytes)),
            ProtoFieldKind.Message => Decode(bytes, field.Message!),
            ProtoFieldKind.ObjectMeta => ObjectMetaDecoder.Decode(bytes),
            ProtoFieldKind.IntOrString => IntOrString(bytes),
            ProtoFieldKind.StringMap or ProtoFieldKind.QuantityMap => MapEntry(bytes, quantity: field.Kind == ProtoFieldKind.QuantityMap),
            _ => null,
        };
    }

    /// <summary>intstr.IntOrString: {1: type (0 int, 1 string), 2: intVal, 3: strVal}.</summary>
    private static JsonValue IntOrString(ReadOnlySpan<byte> data)
    {
        ulong type = 0;
        long intVal = 0;
        var strVal = "";
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var number, out var wire))
        {
            switch (number, wire)
            {
                case (1, 0): type = r.ReadVarint(); break;
                case (2, 0): intVal = (long)r.ReadVarint(); break;
                case (3, 2): strVal = r.ReadString(); break;
                default: r.Skip(wire); break;
            }
        }

        return type == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    /// <summary>A map entry {1: key, 2: value}; a Quantity value is the message {1: string}. Returned as [key, value].</summary>
    private static JsonArray MapEntry(ReadOnlySpan<byte> data, bool quantity)
    {
        var key = "";
        JsonNode value = JsonValue.Create("");
        var r = new ProtoReader(data);
        while (r.TryReadTag(out var number, out var wire))
        {
            if (number == 1 && wire == 2)
            {
                key = r.ReadString();
            }
            else if (number == 2 && wire == 2)
            {
                value = quantity
                    ? JsonValue.Create(ProtobufBodyDecoder.ReadStrings(r.ReadBytes(), 1).FirstOrDefault()?.GetValue<string>() ?? "")
                    : JsonValue.Create(r.ReadString());
            }
            else
            {
                r.Skip(wire);
            }
        }

        return [key, value];
    }

    private static void SkipZero(ref ProtoReader r, int wire, string message, int number)
    {
        var zero = wire switch
        {
            0 => r.ReadVarint() == 0,
            2 => r.ReadBytes().Length == 0,
            _ => false,
        };
        if (!zero)
        {
            throw new ApiException(415, "UnsupportedMediaType",
                $"the server cannot read field {number} of {message} from a protobuf body; send JSON (application/json)");
        }
    }

    private static void Expect(int wire, int expected, ProtoField field)
    {
        if (wire != expected)
        {
            throw new FormatException($"field {field.Name} has wire type {wire}, expected {expected}");
        }
    }
}
