using Everynode.Api.Authentication;
using Everynode.Api.Authorization;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Serialization;
using Everynode.Api.Resources;
using Everynode.ApiServer.WatchCache;
using k8s.Models;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// Who a bearer token belongs to, in upstream's order of token authenticators: the admin token, the static token
/// file, a node credential, a bootstrap (join) token. A request without a token, or with one nobody issued, is
/// anonymous, which this server refuses (401) on everything but the public health and version paths.
/// </summary>
internal sealed class Authenticator(AdminCredentials admin, TokenAuthFile tokenFile, WatchCacheSet cache, ResourceRegistry resources, TimeProvider time)
{
    /// <summary>How long a lookup that missed waits for the cache to catch up with the store.</summary>
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(3);

    private readonly ResourceInfo _secrets = resources.Find("", "v1", "secrets") ?? throw new InvalidOperationException("secrets are not served");

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
            return await ValidatesAsync(NodeCredential.SecretName(node), stored => NodeCredential.Validates(stored, node, secret), ct)
                ? new UserInfo(NodeIdentity.UserName(node), [NodeIdentity.NodesGroup, "system:authenticated"])
                : null;
        }

        if (BootstrapToken.Parse(token) is var (id, tokenSecret))
        {
            return await ValidatesAsync(BootstrapToken.SecretName(id), stored => BootstrapToken.Validates(stored, id, tokenSecret, time.GetUtcNow()), ct)
                ? new UserInfo(BootstrapToken.UserPrefix + id, [BootstrapToken.Group, "system:authenticated"])
                : null;
        }

        return null;
    }

    /// <summary>
    /// Whether the secret validates the token: as the cache has it, or, if not, as the store has it now (a credential
    /// issued or rotated a moment ago may not have reached the cache yet).
    /// </summary>
    private async ValueTask<bool> ValidatesAsync(string secretName, Func<V1Secret, bool> validates, CancellationToken ct)
    {
        if (ReadCachedSecret(secretName) is { } cached && validates(cached))
        {
            return true;
        }

        return await ReadSecretAsync(secretName, ct) is { } current && validates(current);
    }

    /// <summary>Authenticates or throws 401 (upstream answers every unauthenticated request with a 401 Status).</summary>
    public async ValueTask<UserInfo> RequireAsync(string? authorization, CancellationToken ct) =>
        await AuthenticateAsync(authorization, ct) ?? throw ApiException.Unauthorized();

    /// <summary>A secret of the credentials' namespace as the store has it now (read once the cache has caught up).</summary>
    public async ValueTask<V1Secret?> ReadSecretAsync(string name, CancellationToken ct)
    {
        await cache.CatchUpAsync(CatchUpTimeout, ct);
        return ReadCachedSecret(name);
    }

    private V1Secret? ReadCachedSecret(string name)
    {
        if (name.Contains('/', StringComparison.Ordinal) || cache.Find(_secrets)?.TryGet(_secrets.StorageKey(BootstrapToken.SecretNamespace, name)) is not { } o)
        {
            return null;
        }

        try
        {
            return (V1Secret)ObjectCodec.DeserializeStored(o.Json, typeof(V1Secret), o.ModRevision);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
