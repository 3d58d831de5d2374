using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Everynode.Api.Apply;

/// <summary>
/// A FieldsV1 value kept as the JSON it was read from. The model types hold <c>fieldsV1</c> as <c>object</c>, which a
/// plain decode turns into a <see cref="JsonElement"/> (a parsed document per managedFields entry, on every decode of
/// every stored object); the API server's codec reads it into this instead, and only a write that needs the field
/// sets parses them (<see cref="ManagedFieldsCodec"/>, cached by this text). Immutable.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class RawFieldsV1
{
    public RawFieldsV1(byte[] utf8Json)
    {
        Utf8Json = utf8Json;
    }

    /// <summary>The value's JSON, compact, escaped as the serializer that read it would write it.</summary>
    public byte[] Utf8Json { get; }

    public override string ToString() => Encoding.UTF8.GetString(Utf8Json);

    /// <summary>Writes the bytes as they are; reads any JSON value into a compact copy.</summary>
    public sealed class Converter : JsonConverter<RawFieldsV1>
    {
        public override RawFieldsV1? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? null : ReadValue(ref reader, options);

        public override void Write(Utf8JsonWriter writer, RawFieldsV1 value, JsonSerializerOptions options) =>
            writer.WriteRawValue(value.Utf8Json, skipInputValidation: true);
    }

    /// <summary>
    /// Copies the JSON value at the reader (which is left on its last token) token by token, without building a
    /// document. Strings and names are re-escaped with the options' encoder, so the bytes equal what serializing a
    /// parsed copy with the same options would write.
    /// </summary>
    public static RawFieldsV1 ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
        {
            var depth = reader.CurrentDepth;
            while (true)
            {
                CopyToken(ref reader, writer);
                if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName))
                {
                    break;
                }

                if (!reader.Read())
                {
                    throw new JsonException("fieldsV1: unexpected end of JSON");
                }
            }
        }

        return new RawFieldsV1(buffer.WrittenSpan.ToArray());
    }

    private static void CopyToken(ref Utf8JsonReader reader, Utf8JsonWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                break;
            case JsonTokenType.EndObject:
                writer.WriteEndObject();
                break;
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                break;
            case JsonTokenType.EndArray:
                writer.WriteEndArray();
                break;
            case JsonTokenType.PropertyName:
                if (reader.ValueIsEscaped || reader.HasValueSequence)
                {
                    writer.WritePropertyName(reader.GetString()!);
                }
                else
                {
                    writer.WritePropertyName(reader.ValueSpan);
                }

                break;
            case JsonTokenType.String:
                if (reader.ValueIsEscaped || reader.HasValueSequence)
                {
                    writer.WriteStringValue(reader.GetString());
                }
                else
                {
                    writer.WriteStringValue(reader.ValueSpan);
                }

                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True:
            case JsonTokenType.False:
                writer.WriteBooleanValue(reader.TokenType == JsonTokenType.True);
                break;
            case JsonTokenType.Null:
                writer.WriteNullValue();
                break;
            default:
                throw new JsonException($"fieldsV1: unexpected token {reader.TokenType}");
        }
    }
}
