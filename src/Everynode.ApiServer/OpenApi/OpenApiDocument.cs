using System.Security.Cryptography;

namespace Everynode.ApiServer.OpenApi;

/// <summary>One published document: its bytes and their hash (upstream's SHA-512 in upper-case hex, also the ETag).</summary>
internal sealed record OpenApiDocument(byte[] Bytes, string Hash)
{
    public string ETag => $"\"{Hash}\"";

    public static OpenApiDocument From(byte[] bytes) => new(bytes, Convert.ToHexString(SHA512.HashData(bytes)));

    public string ServerRelativeUrl(string key) => $"/openapi/v3/{key}?hash={Hash}";
}
