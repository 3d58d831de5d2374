using System.Globalization;
using System.Text;
using k8s.Models;

namespace Everynode.Controllers.Shared;

/// <summary>
/// The revision hash (label value and name suffix): FNV-1a 32 over the canonical JSON of <c>spec.template</c>,
/// then the collision count folded in as Go does, rendered as a decimal string mapped through upstream's safe
/// alphabet. Not Go's hash (Go dumps the struct with spew); stable across releases of Everynode.
/// </summary>
public static class ControllerRevisionHash
{
    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private const uint FnvOffsetBasis = 2166136261;
    private const uint FnvPrime = 16777619;

    /// <summary>
    /// Hash of <paramref name="template"/>. A non-null <paramref name="collisionCount"/> is appended as 8 bytes
    /// (little-endian uint32, then four zero bytes), so bumping status.collisionCount gives a new name.
    /// </summary>
    public static string ComputeHash(V1PodTemplateSpec? template, int? collisionCount)
    {
        var hash = FnvOffsetBasis;
        hash = Add(hash, Encoding.UTF8.GetBytes(CanonicalJson.Serialize(template ?? new V1PodTemplateSpec())));
        if (collisionCount is { } count)
        {
            var bytes = new byte[8];
            BitConverter.TryWriteBytes(bytes.AsSpan(0, 4), (uint)count);
            if (!BitConverter.IsLittleEndian)
            {
                bytes.AsSpan(0, 4).Reverse();
            }

            hash = Add(hash, bytes);
        }

        return SafeEncodeString(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Upstream's rand.SafeEncodeString: each byte b becomes alphabet[b % 27] (no vowels, no look-alikes).</summary>
    public static string SafeEncodeString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            result.Append(SafeAlphabet[b % SafeAlphabet.Length]);
        }

        return result.ToString();
    }

    private static uint Add(uint hash, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            hash ^= b;
            hash *= FnvPrime;
        }

        return hash;
    }
}
