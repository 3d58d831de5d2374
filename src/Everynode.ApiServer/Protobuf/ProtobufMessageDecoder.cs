using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Everynode.ApiServer.Http;
using Google.Protobuf;

namespace Everynode.ApiServer.Protobuf;

/// <summary>
/// Turns a protobuf message into its JSON form by the field table of <see cref="ProtobufSchema"/>, reading the wire
/// format with Google.Protobuf's <see cref="CodedInputStream"/>. Empty strings are left out (Go's JSON omits them)
/// unless the field keeps them; numbers and booleans are kept as sent. A field the table does not know is skipped or,
/// in a message that does not skip unknown fields, refused (415) unless it carries a zero value.
/// </summary>
internal static class ProtobufMessageDecoder
{
    /// <summary>Decodes <paramref name="data"/> as the message <paramref name="message"/>; malformed input throws <see cref="FormatException"/>.</summary>
    public static JsonObject Decode(ReadOnlyMemory<byte> data, string message)
    {
        try
        {
            return DecodeMessage(Open(data), message);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException(e.Message, e);
        }
    }

    /// <summary>A reader over <paramref name="data"/> without copying it.</summary>
    public static CodedInputStream Open(ReadOnlyMemory<byte> data) => MemoryMarshal.TryGetArray(data, out var segment)
        ? new CodedInputStream(segment.Array!, segment.Offset, segment.Count)
        : new CodedInputStream(data.ToArray());

    private static JsonObject DecodeMessage(CodedInputStream input, string message)
    {
        var schema = ProtobufSchema.Messages[message];
        var obj = new JsonObject();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            var wire = WireFormat.GetTagWireType(tag);
            if (!schema.Fields.TryGetValue(number, out var field))
            {
                if (schema.SkipUnknown)
                {
                    input.SkipLastField();
                }
                else
                {
                    SkipZero(input, wire, message, number);
                }

                continue;
            }

            var value = ReadValue(input, wire, field);
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
            else if (field.Kind is ProtoFieldKind.StringMap or ProtoFieldKind.QuantityMap or ProtoFieldKind.BytesMap)
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

        foreach (var field in schema.Fields.Values)
        {
            if (field.AlwaysPresent && obj[field.Name] is null)
            {
                obj[field.Name] = new JsonArray();
            }
        }

        return obj;
    }

    private static JsonNode? ReadValue(CodedInputStream input, WireFormat.WireType wire, ProtoField field)
    {
        switch (field.Kind)
        {
            case ProtoFieldKind.Int:
                Expect(wire, WireFormat.WireType.Varint, field);
                return JsonValue.Create(input.ReadInt64());
            case ProtoFieldKind.Bool:
                Expect(wire, WireFormat.WireType.Varint, field);
                return JsonValue.Create(input.ReadUInt64() != 0);
            case ProtoFieldKind.Ignored:
                input.SkipLastField();
                return null;
        }

        Expect(wire, WireFormat.WireType.LengthDelimited, field);
        var bytes = input.ReadBytes();
        return field.Kind switch
        {
            ProtoFieldKind.String => bytes.Length == 0 && !field.Repeated && !field.KeepEmpty ? null : JsonValue.Create(bytes.ToStringUtf8()),
            ProtoFieldKind.Bytes => JsonValue.Create(Convert.ToBase64String(bytes.Span)),
            ProtoFieldKind.Message => DecodeMessage(Open(bytes.Memory), field.Message!),
            ProtoFieldKind.IntOrString => IntOrString(Open(bytes.Memory)),
            ProtoFieldKind.StringMap or ProtoFieldKind.QuantityMap or ProtoFieldKind.BytesMap => MapEntry(Open(bytes.Memory), field.Kind),
            _ => null,
        };
    }

    /// <summary>intstr.IntOrString: {1: type (0 int, 1 string), 2: intVal, 3: strVal}.</summary>
    private static JsonValue IntOrString(CodedInputStream input)
    {
        ulong type = 0;
        long intVal = 0;
        var strVal = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag), WireFormat.GetTagWireType(tag))
            {
                case (1, WireFormat.WireType.Varint): type = input.ReadUInt64(); break;
                case (2, WireFormat.WireType.Varint): intVal = input.ReadInt64(); break;
                case (3, WireFormat.WireType.LengthDelimited): strVal = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }

        return type == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    /// <summary>
    /// A map entry {1: key, 2: value}, returned as [key, value]: a string, base64 of bytes, or a Quantity's string
    /// (the message {1: string}).
    /// </summary>
    private static JsonArray MapEntry(CodedInputStream input, ProtoFieldKind kind)
    {
        var key = "";
        JsonNode value = JsonValue.Create("");
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            var number = WireFormat.GetTagFieldNumber(tag);
            if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited || number is not (1 or 2))
            {
                input.SkipLastField();
            }
            else if (number == 1)
            {
                key = input.ReadString();
            }
            else
            {
                var bytes = input.ReadBytes();
                value = kind switch
                {
                    ProtoFieldKind.BytesMap => JsonValue.Create(Convert.ToBase64String(bytes.Span)),
                    ProtoFieldKind.QuantityMap => JsonValue.Create(QuantityString(Open(bytes.Memory))),
                    _ => JsonValue.Create(bytes.ToStringUtf8()),
                };
            }
        }

        return [key, value];
    }

    /// <summary>resource.Quantity: {1: string}.</summary>
    private static string QuantityString(CodedInputStream input)
    {
        var value = "";
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                value = input.ReadString();
            }
            else
            {
                input.SkipLastField();
            }
        }

        return value;
    }

    private static void SkipZero(CodedInputStream input, WireFormat.WireType wire, string message, int number)
    {
        var zero = wire switch
        {
            WireFormat.WireType.Varint => input.ReadUInt64() == 0,
            WireFormat.WireType.LengthDelimited => input.ReadBytes().Length == 0,
            _ => false,
        };
        if (!zero)
        {
            throw new ApiException(415, "UnsupportedMediaType",
                $"the server cannot read field {number} of {message} from a protobuf body; send JSON (application/json)");
        }
    }

    private static void Expect(WireFormat.WireType wire, WireFormat.WireType expected, ProtoField field)
    {
        if (wire != expected)
        {
            throw new FormatException($"field {field.Name} has wire type {(int)wire}, expected {(int)expected}");
        }
    }
}
