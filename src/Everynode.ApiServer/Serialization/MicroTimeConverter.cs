using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Everynode.ApiServer.Serialization;

/// <summary>
/// metav1.MicroTime as upstream writes it: RFC 3339 in UTC with exactly six fractional digits
/// (<c>2026-01-01T00:00:00.000000Z</c>); reads any RFC 3339 time.
/// </summary>
internal sealed class MicroTimeConverter : JsonConverter<DateTime?>
{
    public static MicroTimeConverter Instance { get; } = new();

    public override DateTime? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null
            ? null
            : DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    public override void Write(Utf8JsonWriter writer, DateTime? value, JsonSerializerOptions options)
    {
        if (value is not { } time)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStringValue(time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
    }
}
