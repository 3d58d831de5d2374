using System.Text.Json;

namespace Everynode.Agent.Images.Registry;

/// <summary>A content descriptor: what a manifest or index says about a blob it points to.</summary>
/// <param name="MediaType">The blob's media type.</param>
/// <param name="Digest">Its digest (<c>sha256:…</c>), checked when it is fetched.</param>
/// <param name="Size">Its exact size in bytes, checked when it is fetched.</param>
/// <param name="Platform">For index entries, the platform the manifest is for.</param>
internal sealed record Descriptor(string MediaType, BlobDigest Digest, long Size, Platform? Platform)
{
    public static Descriptor Read(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{where} is not a descriptor object");
        }

        var mediaType = element.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        if (!element.TryGetProperty("digest", out var d) || d.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException($"{where} has no digest");
        }

        if (!element.TryGetProperty("size", out var s) || !s.TryGetInt64(out var size) || size < 0)
        {
            throw new InvalidDataException($"{where} has no valid size");
        }

        Platform? platform = null;
        if (element.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
        {
            platform = new Platform(
                p.TryGetProperty("os", out var os) ? os.GetString() ?? "" : "",
                p.TryGetProperty("architecture", out var arch) ? arch.GetString() ?? "" : "",
                p.TryGetProperty("variant", out var variant) ? variant.GetString() : null);
        }

        return new Descriptor(mediaType, BlobDigest.Parse(d.GetString()!), size, platform);
    }
}
