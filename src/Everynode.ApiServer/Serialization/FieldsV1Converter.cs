using System.Text.Json;
using System.Text.Json.Serialization;
using Everynode.Api.Apply;

namespace Everynode.ApiServer.Serialization;

/// <summary>
/// <c>managedFields[].fieldsV1</c> (an <c>object</c> in the model types) read as <see cref="RawFieldsV1"/>: passed
/// through as bytes on every decode and write, parsed only when a write needs the field sets.
/// </summary>
internal sealed class FieldsV1Converter : JsonConverter<object>
{
    public static FieldsV1Converter Instance { get; } = new();

    public override object? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : RawFieldsV1.ReadValue(ref reader, options);

    public override void Write(Utf8JsonWriter writer, object value, JsonSerializerOptions options)
    {
        if (value is RawFieldsV1 raw)
        {
            writer.WriteRawValue(raw.Utf8Json, skipInputValidation: true);
            return;
        }

        // A set the field manager just built (a JsonObject), or a value a client library put there.
        JsonSerializer.Serialize(writer, value, value.GetType(), options);
    }
}
