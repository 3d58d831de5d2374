using System.Security.Cryptography;

namespace Everynode.Agent.Images.Registry;

/// <summary>A sha256 content digest (<c>sha256:</c> and 64 lowercase hex digits); the only algorithm registries
/// use for image content.</summary>
public readonly record struct BlobDigest(string Hex)
{
    public override string ToString() => "sha256:" + Hex;

    public static BlobDigest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("sha256:", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"unsupported digest \"{text}\": only sha256 is supported");
        }

        var hex = text[7..];
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigitLower))
        {
            throw new InvalidDataException($"malformed digest \"{text}\"");
        }

        return new BlobDigest(hex);
    }

    public static BlobDigest Of(ReadOnlySpan<byte> content) => new(Convert.ToHexStringLower(SHA256.HashData(content)));
}
