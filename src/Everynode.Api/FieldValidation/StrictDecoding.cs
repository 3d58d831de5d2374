using System.Text.Json;
using Everynode.Api.OpenApi;
using k8s.Models;

namespace Everynode.Api.FieldValidation;

/// <summary>
/// Finds what upstream's strict decoder (sigs.k8s.io/json) reports about a request body: fields the model type
/// does not have and keys given twice in one object, in document order and in upstream's words
/// (<c>unknown field "spec.template.spec.containers[0].foo"</c>, <c>duplicate field "spec.replicas"</c>).
/// The walk follows the model's [JsonPropertyName] properties; maps accept any key, and IntOrString, Quantity and
/// untyped fields (RawExtension) are not looked into. Duplicates are found with <see cref="Utf8JsonReader"/>, which
/// sees every key (a parsed JsonNode keeps only one).
/// </summary>
public static class StrictDecoding
{
    /// <summary>Unknown and duplicate fields of a JSON body decoded as <paramref name="type"/>.</summary>
    public static IReadOnlyList<string> FindProblems(ReadOnlySpan<byte> json, Type type) => Walk(json, type);

    /// <summary>Duplicate keys only (a patch body, whose directives and partial shape are not the model's).</summary>
    public static IReadOnlyList<string> FindDuplicates(ReadOnlySpan<byte> json) => Walk(json, null);

    /// <summary>Upstream's message: the problems joined by ", " after "strict decoding error: ".</summary>
    public static string Message(IReadOnlyList<string> problems) => "strict decoding error: " + string.Join(", ", problems);

    private static List<string> Walk(ReadOnlySpan<byte> json, Type? type)
    {
        var problems = new List<string>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            if (reader.Read())
            {
                Value(ref reader, type, "", problems);
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is the decoder's error to report, with its own message.
        }

        return problems;
    }

    /// <summary>Walks the value at the reader's current token; leaves the reader on its last token.</summary>
    private static void Value(ref Utf8JsonReader reader, Type? type, string path, List<string> problems)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var mapValue = type is null ? null : CollectionTypes.MapValue(type);
                var properties = type is not null && mapValue is null && IsStruct(type) ? ModelProperties.ByJsonName(type) : null;
                var opaque = type is not null && mapValue is null && properties is null;
                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var name = reader.GetString()!;
                    var fieldPath = path.Length == 0 ? name : $"{path}.{name}";
                    if (!opaque && !seen.Add(name))
                    {
                        problems.Add($"duplicate field \"{fieldPath}\"");
                    }

                    reader.Read();
                    Type? child = mapValue;
                    if (properties is not null && !properties.TryGetValue(name, out child))
                    {
                        problems.Add($"unknown field \"{fieldPath}\"");
                        reader.Skip();
                        continue;
                    }

                    if (opaque)
                    {
                        reader.Skip();
                        continue;
                    }

                    Value(ref reader, child, fieldPath, problems);
                }

                break;
            case JsonTokenType.StartArray:
                var element = type is null ? null : CollectionTypes.ListElement(type);
                var index = 0;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    Value(ref reader, element, $"{path}[{index++}]", problems);
                }

                break;
        }
    }

    /// <summary>A model struct whose fields are checked (not IntOrString/Quantity, which are scalars on the wire).</summary>
    private static bool IsStruct(Type type) =>
        type.Namespace == typeof(V1Pod).Namespace && type != typeof(IntOrString) && type != typeof(ResourceQuantity);
}
