using System.Text;
using System.Text.Json;
using Everynode.ApiServer.Http;

namespace Everynode.ApiServer.Registry;

/// <summary>
/// The opaque <c>continue</c> value of a paged list: the revision the first page was read at and the key to
/// resume from, so every page of one list is read at the same revision.
/// </summary>
internal static class ContinueToken
{
    private sealed record Payload(string V, long Rv, string Start);

    public static string Encode(long revision, string startKey)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new Payload("meta.k8s.io/v1", revision, startKey), PayloadOptions);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static (long Revision, string StartKey) Decode(string token, string prefix)
    {
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var payload = JsonSerializer.Deserialize<Payload>(Encoding.UTF8.GetString(Convert.FromBase64String(b64)), PayloadOptions);
            if (payload is null || payload.V != "meta.k8s.io/v1" || payload.Rv <= 0 || !payload.Start.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw Invalid();
            }

            return (payload.Rv, payload.Start);
        }
        catch (FormatException)
        {
            throw Invalid();
        }
        catch (JsonException)
        {
            throw Invalid();
        }
    }

    private static ApiException Invalid() => ApiException.BadRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");

    private static readonly JsonSerializerOptions PayloadOptions = new(JsonSerializerDefaults.Web);
}
