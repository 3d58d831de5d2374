using Everynode.Api.Authentication;
using Everynode.Api.Authorization;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Serialization;
using Everynode.Storage;
using k8s.Models;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// Who a bearer token belongs to, in upstream's order of token authenticators: the admin token, the static token
/// file, a node credential, a bootstrap (join) token. A request without a token, or with one nobody issued, is
/// anonymous, which this server refuses (401) on everything but the public health and version paths.
/// </summary>
internal sealed class Authenticator(AdminCredentials admin, TokenAuthFile tokenFile, IStore store, TimeProvider time)
{
    private const string SecretsPrefix = "/registry/secrets/" + BootstrapToken.SecretNamespace + "/";

    public async ValueTask<UserInfo?> AuthenticateAsync(string? authorization, CancellationToken ct)
    {
        const string Bearer = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = authorization[Bearer.Length..].Trim();
        if (token.Length == 0)
        {
            return null;
        }

        if (admin.IsValidToken(token))
        {
            return UserInfo.Admin;
        }

        if (tokenFile.Find(token) is { } user)
        {
            return user;
        }

        if (NodeCredential.Parse(token) is var (node, secret))
        {
            var stored = await ReadSecretAsync(NodeCredential.SecretName(node), ct);
            return stored is not null && NodeCredential.Validates(stored, node, secret)
                ? new UserInfo(NodeIdentity.UserName(node), [NodeIdentity.NodesGroup, "system:authenticated"])
                : null;
        }

        if (BootstrapToken.Parse(token) is var (id, tokenSecret))
        {
            var stored = await ReadSecretAsync(BootstrapToken.SecretName(id), ct);
            return stored is not null && BootstrapToken.Validates(stored, id, tokenSecret, time.GetUtcNow())
                ? new UserInfo(BootstrapToken.UserPrefix + id, [BootstrapToken.Group, "system:authenticated"])
                : null;
        }

        return null;
    }

    /// <summary>Authenticates or throws 401 (upstream answers every unauthenticated request with a 401 Status).</summary>
    public async ValueTask<UserInfo> RequireAsync(string? authorization, CancellationToken ct) =>
        await AuthenticateAsync(authorization, ct) ?? throw ApiException.Unauthorized();

    public async ValueTask<V1Secret?> ReadSecretAsync(string name, CancellationToken ct)
    {
        if (name.Contains('/', StringComparison.Ordinal))
        {
            return null;
        }

        var kv = await store.GetAsync(SecretsPrefix + name, 0, ct);
        if (kv is null)
        {
            return null;
        }

        try
        {
            return (V1Secret)ObjectCodec.DeserializeStored(kv.Value.Span, typeof(V1Secret), kv.ModRevision);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
