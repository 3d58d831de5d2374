using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Everynode.Api.Authentication;

/// <summary>
/// A join token in upstream's bootstrap token format, <c>ID.SECRET</c> (6 and 16 characters of [a-z0-9]), kept as
/// the Secret <c>kube-system/bootstrap-token-ID</c> of type <c>bootstrap.kubernetes.io/token</c> exactly as kubeadm
/// keeps it: <c>token-id</c>, <c>token-secret</c>, optional <c>expiration</c> (RFC 3339), <c>description</c>,
/// <c>usage-bootstrap-authentication: "true"</c>. Whoever presents it authenticates as
/// <c>system:bootstrap:ID</c> in <c>system:bootstrappers</c>, which may only exchange it for a node credential.
/// </summary>
public static partial class BootstrapToken
{
    public const string SecretType = "bootstrap.kubernetes.io/token";
    public const string SecretNamespace = "kube-system";
    public const string SecretPrefix = "bootstrap-token-";
    public const string UserPrefix = "system:bootstrap:";
    public const string Group = "system:bootstrappers";
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static string SecretName(string id) => SecretPrefix + id;

    /// <summary>A new random token.</summary>
    public static (string Id, string Secret) Generate() => (Random(6), Random(16));

    /// <summary>Splits a presented token; null when it does not have the bootstrap token's shape.</summary>
    public static (string Id, string Secret)? Parse(string token)
    {
        var m = TokenPattern().Match(token);
        return m.Success ? (m.Groups[1].Value, m.Groups[2].Value) : null;
    }

    public static V1Secret ToSecret(string id, string secret, DateTimeOffset? expiration, string? description)
    {
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["token-id"] = Encoding.UTF8.GetBytes(id),
            ["token-secret"] = Encoding.UTF8.GetBytes(secret),
            ["usage-bootstrap-authentication"] = "true"u8.ToArray(),
        };
        if (expiration is { } e)
        {
            data["expiration"] = Encoding.UTF8.GetBytes(e.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(description))
        {
            data["description"] = Encoding.UTF8.GetBytes(description);
        }

        return new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta { Name = SecretName(id), NamespaceProperty = SecretNamespace },
            Type = SecretType,
            Data = data,
        };
    }

    /// <summary>The expiration a token Secret names, if any; a malformed one counts as expired (upstream refuses it).</summary>
    public static DateTimeOffset? Expiration(V1Secret secret)
    {
        var text = Value(secret, "expiration");
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var e) ? e : DateTimeOffset.MinValue;
    }

    /// <summary>
    /// Whether a presented token matches its Secret: the right type, usable for authentication, not expired, and the
    /// same secret (compared in constant time).
    /// </summary>
    public static bool Validates(V1Secret secret, string id, string presentedSecret, DateTimeOffset now)
    {
        if (secret.Type != SecretType || Value(secret, "usage-bootstrap-authentication") != "true" || Value(secret, "token-id") != id)
        {
            return false;
        }

        if (Expiration(secret) is { } e && e <= now)
        {
            return false;
        }

        if (secret.Metadata?.DeletionTimestamp is not null)
        {
            return false;
        }

        var stored = Encoding.UTF8.GetBytes(Value(secret, "token-secret") ?? "");
        return CryptographicOperations.FixedTimeEquals(stored, Encoding.UTF8.GetBytes(presentedSecret));
    }

    public static string? Value(V1Secret secret, string key) =>
        secret.Data?.TryGetValue(key, out var bytes) == true && bytes is not null ? Encoding.UTF8.GetString(bytes) : null;

    private static string Random(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        return new string(chars);
    }

    [GeneratedRegex("^([a-z0-9]{6})\\.([a-z0-9]{16})$")]
    private static partial Regex TokenPattern();
}
