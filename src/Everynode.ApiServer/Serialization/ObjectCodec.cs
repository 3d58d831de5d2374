using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Everynode.ApiServer.Http;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Serialization;

/// <summary>
/// Kubernetes JSON for the official model types, and the byte-level helpers the server's hot paths use.
/// </summary>
/// <remarks>
/// Objects are stored without <c>metadata.resourceVersion</c>: the store's mod revision is the resource version,
/// and <see cref="InjectResourceVersion"/> writes it into the bytes on the way out without a full decode.
/// </remarks>
internal static class ObjectCodec
{
    private static readonly byte[] MetadataProperty = "metadata"u8.ToArray();

    public static JsonSerializerOptions Options { get; } = CaptureOptions();

    /// <summary>Decodes a request object from JSON bytes; what does not fit the type is a 400 in upstream's words.</summary>
    public static IKubernetesObject<V1ObjectMeta> Deserialize(ReadOnlySpan<byte> json, Type type, string kind, string version)
    {
        try
        {
            return (IKubernetesObject<V1ObjectMeta>)(JsonSerializer.Deserialize(json, type, Options)
                ?? throw ApiException.BadRequest("the request body is empty"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {e.Message}");
        }
    }

    /// <summary>Decodes a request object; what does not fit the type is a 400 in upstream's words.</summary>
    public static IKubernetesObject<V1ObjectMeta> Deserialize(JsonNode node, Type type, string kind, string version)
    {
        try
        {
            return (IKubernetesObject<V1ObjectMeta>)(node.Deserialize(type, Options)
                ?? throw ApiException.BadRequest("the request body is empty"));
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw ApiException.BadRequest($"{kind} in version \"{version}\" cannot be handled as a {kind}: {e.Message}");
        }
    }

    /// <summary>Decodes a request document into any model type (Binding, DeleteOptions, ...); malformed is a 400.</summary>
    public static T DeserializeAny<T>(JsonNode node)
        where T : class
    {
        try
        {
            return node.Deserialize<T>(Options) ?? throw ApiException.BadRequest("the request body is empty");
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"error decoding the request body: {e.Message}");
        }
        catch (FormatException e)
        {
            throw ApiException.BadRequest($"error decoding the request body: {e.Message}");
        }
    }

    /// <summary>Decodes bytes the server itself wrote (the store); a failure here is a server bug.</summary>
    public static IKubernetesObject<V1ObjectMeta> DeserializeStored(ReadOnlySpan<byte> json, Type type, long resourceVersion)
    {
        var obj = (IKubernetesObject<V1ObjectMeta>)JsonSerializer.Deserialize(json, type, Options)!;
        obj.Metadata ??= new V1ObjectMeta();
        obj.Metadata.ResourceVersion = resourceVersion.ToString(CultureInfo.InvariantCulture);
        return obj;
    }

    public static byte[] Serialize(object obj) => JsonSerializer.SerializeToUtf8Bytes(obj, obj.GetType(), Options);

    public static JsonNode ToNode(object obj) => JsonSerializer.SerializeToNode(obj, obj.GetType(), Options)!;

    /// <summary>
    /// Returns <paramref name="json"/> with <c>"resourceVersion":"N"</c> as the first property of the top-level
    /// <c>metadata</c> object. The input must not already carry a resourceVersion (stored objects never do).
    /// </summary>
    public static byte[] InjectResourceVersion(ReadOnlySpan<byte> json, long resourceVersion)
    {
        var insertAt = FindMetadataObjectStart(json);
        var rv = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"\"resourceVersion\":\"{resourceVersion}\""));
        if (insertAt < 0)
        {
            // No metadata object: add one after the opening brace.
            var open = json.IndexOf((byte)'{');
            var needsComma = json[(open + 1)..].TrimStart(" \t\r\n"u8)[0] != (byte)'}';
            var prefix = "\"metadata\":{"u8;
            var buffer = new byte[json.Length + prefix.Length + rv.Length + 2];
            var w = 0;
            json[..(open + 1)].CopyTo(buffer);
            w += open + 1;
            prefix.CopyTo(buffer.AsSpan(w));
            w += prefix.Length;
            rv.CopyTo(buffer.AsSpan(w));
            w += rv.Length;
            buffer[w++] = (byte)'}';
            if (needsComma)
            {
                buffer[w++] = (byte)',';
            }

            json[(open + 1)..].CopyTo(buffer.AsSpan(w));
            w += json.Length - open - 1;
            return buffer[..w];
        }

        var rest = json[(insertAt + 1)..];
        var empty = rest.TrimStart(" \t\r\n"u8)[0] == (byte)'}';
        var result = new byte[json.Length + rv.Length + (empty ? 0 : 1)];
        json[..(insertAt + 1)].CopyTo(result);
        rv.CopyTo(result.AsSpan(insertAt + 1));
        var pos = insertAt + 1 + rv.Length;
        if (!empty)
        {
            result[pos++] = (byte)',';
        }

        rest.CopyTo(result.AsSpan(pos));
        return result;
    }

    /// <summary>Index of the '{' that opens the top-level metadata object, or -1.</summary>
    private static int FindMetadataObjectStart(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return -1;
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
            {
                return -1;
            }

            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                var isMetadata = reader.ValueTextEquals(MetadataProperty);
                reader.Read();
                if (isMetadata && reader.TokenType == JsonTokenType.StartObject)
                {
                    return (int)reader.TokenStartIndex;
                }

                reader.Skip();
            }
        }

        return -1;
    }

    private static JsonSerializerOptions CaptureOptions()
    {
        var shared = Everynode.Api.Models.ModelCopy.Options;

        // A copy: the shared options also serve the in-process controllers' clients, which keep the library's shape.
        return new JsonSerializerOptions(shared)
        {
            TypeInfoResolver = (shared.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(UpstreamJsonShape.Apply),
        };
    }

    /// <summary>Writes a JSON string value (quoted and escaped) into a buffer.</summary>
    public static void WriteJsonString(IBufferWriter<byte> buffer, string value)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStringValue(value);
    }
}
