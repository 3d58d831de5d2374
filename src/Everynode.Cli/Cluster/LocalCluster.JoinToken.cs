using Everynode.Api.Authentication;
using k8s;
using k8s.Autorest;

namespace Everynode.Cli.Cluster;

/// <summary>
/// Local nodes join like remote ones: each agent gets a join token (in DATA/run/join-token, mode 0600, so it never
/// shows in the process list), exchanges it once for its own node credential, and from then on acts only as
/// <c>system:node:NAME</c>. The token is replaced (and the previous one deleted) each time nodes are started; it
/// expires after an hour either way.
/// </summary>
internal sealed partial class LocalCluster
{
    private static readonly TimeSpan JoinTokenTtl = TimeSpan.FromHours(1);

    public string JoinTokenPath => Path.Combine(layout.RunDirectory, "join-token");

    public async Task EnsureJoinTokenAsync(CancellationToken ct)
    {
        using var client = CreateClient();
        if (File.Exists(JoinTokenPath) && BootstrapToken.Parse(File.ReadAllText(JoinTokenPath).Trim()) is var (oldId, _))
        {
            await IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespacedSecretAsync(BootstrapToken.SecretName(oldId), BootstrapToken.SecretNamespace, cancellationToken: ct));
        }

        var (id, secret) = BootstrapToken.Generate();
        await client.CoreV1.CreateNamespacedSecretAsync(
            BootstrapToken.ToSecret(id, secret, Now + JoinTokenTtl, "everynode up: local nodes"), BootstrapToken.SecretNamespace, cancellationToken: ct);
        Directory.CreateDirectory(layout.RunDirectory);
        File.Delete(JoinTokenPath);
        using (var stream = new FileStream(JoinTokenPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            stream.Write(System.Text.Encoding.UTF8.GetBytes($"{id}.{secret}\n"));
        }
    }

    /// <summary>Revokes a removed node's credential, so a node of the same name can join again.</summary>
    private static Task DeleteNodeCredentialAsync(Kubernetes client, string name, CancellationToken ct) =>
        IgnoreNotFoundAsync(() => client.CoreV1.DeleteNamespacedSecretAsync(NodeCredential.SecretName(name), BootstrapToken.SecretNamespace, cancellationToken: ct));

    private static async Task IgnoreNotFoundAsync(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
        }
    }
}
