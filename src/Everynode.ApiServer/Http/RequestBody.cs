using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Http;

/// <summary>Reads a request body within the size limit and parses it as JSON (or YAML, by Content-Type).</summary>
internal static class RequestBody
{
    /// <summary>Upstream's limit on request bodies: 3 MiB.</summary>
    public const long MaxBytes = 3 * 1024 * 1024;

    public static async Task<byte[]> ReadBytesAsync(HttpContext ctx, CancellationToken ct)
    {
        if (ctx.Request.ContentLength > MaxBytes)
        {
            throw ApiException.TooLarge(MaxBytes);
        }

        var buffer = new ArrayBufferWriter<byte>(ctx.Request.ContentLength is > 0 and <= MaxBytes ? (int)ctx.Request.ContentLength.Value : 4096);
        var body = ctx.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(16 * 1024);
            var n = await body.ReadAsync(memory, ct);
            if (n == 0)
            {
                break;
            }

            buffer.Advance(n);
            if (buffer.WrittenCount > MaxBytes)
            {
                throw ApiException.TooLarge(MaxBytes);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string MediaType(HttpContext ctx)
    {
        var ct = ctx.Request.ContentType ?? "";
        var semi = ct.IndexOf(';', StringComparison.Ordinal);
        return (semi >= 0 ? ct[..semi] : ct).Trim().ToLowerInvariant();
    }

    /// <summary>Parses a JSON or YAML document into a node; malformed input is a 400.</summary>
    public static JsonNode ParseDocument(byte[] bytes, string mediaType)
    {
        if (mediaType is "application/yaml" or "application/x-yaml" or "text/yaml")
        {
            return YamlToJson.Convert(Encoding.UTF8.GetString(bytes))
                ?? throw ApiException.BadRequest("the request body is empty");
        }

        if (mediaType is "application/vnd.kubernetes.protobuf")
        {
            throw ApiException.UnsupportedMediaType(mediaType);
        }

        if (bytes.Length == 0)
        {
            throw ApiException.BadRequest("the request body is empty");
        }

        try
        {
            var node = JsonNode.Parse(bytes, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })
                ?? throw ApiException.BadRequest("the request body is empty (null)");
            RejectBrokenEscapes(bytes);
            return node;
        }
        catch (JsonException e)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }

    /// <summary>
    /// JsonNode.Parse accepts a lone UTF-16 surrogate escape ("\ud800") that no string can hold; reading it later
    /// throws an InvalidOperationException deep in decoding. Such bodies are refused here as malformed JSON.
    /// </summary>
    public static void RejectBrokenEscapes(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOf("\\u"u8) < 0)
        {
            return;
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    reader.GetString();
                }
            }
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            throw ApiException.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }
}
