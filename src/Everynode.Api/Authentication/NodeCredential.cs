using System.Security.Cryptography;
using System.Text;
using k8s.Models;

namespace Everynode.Api.Authentication;

/// <summary>
/// A node's own bearer token, issued once in exchange for a join token: <c>everynode-node.NAME.SECRET</c>. The
/// server keeps only the SHA-256 of SECRET, in the Secret <c>kube-system/node-credential-NAME</c> (type
/// <c>everynode.io/node-credential</c>), beside the token it presents to that node's agent when it proxies logs.
/// Deleting that Secret revokes the node's credential.
/// </summary>
public static class NodeCredential
{
    public const string SecretType = "everynode.io/node-credential";
    public const string SecretPrefix = "node-credential-";
    private const string TokenPrefix = "everynode-node.";

    public static string SecretName(string node) => SecretPrefix + node;

    public static string NewSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static string Token(string node, string secret) => $"{TokenPrefix}{node}.{secret}";

    /// <summary>The node and secret of a presented token; null when it is not a node credential.</summary>
    public static (string Node, string Secret)? Parse(string token)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var dot = token.LastIndexOf('.');
        return dot > TokenPrefix.Length && dot < token.Length - 1 ? (token[TokenPrefix.Length..dot], token[(dot + 1)..]) : null;
    }

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static V1Secret ToSecret(string node, string secret, string servingToken, string bootstrapTokenId) => new()
    {
        ApiVersion = "v1",
        Kind = "Secret",
        Metadata = new V1ObjectMeta { Name = SecretName(node), NamespaceProperty = BootstrapToken.SecretNamespace },
        Type = SecretType,
        Data = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["node-name"] = Encoding.UTF8.GetBytes(node),
            ["token-sha256"] = Encoding.UTF8.GetBytes(Hash(secret)),
            ["serving-token"] = Encoding.UTF8.GetBytes(servingToken),
            ["issued-with"] = Encoding.UTF8.GetBytes(bootstrapTokenId),
        },
    };

    public static bool Validates(V1Secret stored, string node, string presentedSecret) =>
        stored.Type == SecretType
        && stored.Metadata?.DeletionTimestamp is null
        && BootstrapToken.Value(stored, "node-name") == node
        && CryptographicOperations.FixedTimeEquals(
            Encoding.UTF8.GetBytes(BootstrapToken.Value(stored, "token-sha256") ?? ""), Encoding.UTF8.GetBytes(Hash(presentedSecret)));
}
