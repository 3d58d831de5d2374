using System.Net;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.ApiServer.Tests;

/// <summary>The default datastore (SQLite in the data directory) keeps objects and credentials across restarts.</summary>
public sealed class SqlitePersistenceTests : IDisposable
{
    private readonly TempDirectory _root = new("everynode-api-sqlite-");

    private string DataDirectory => _root.Combine("server");

    public void Dispose() => _root.Delete();

    private Task<ApiServerHost> StartAsync() => ApiServerHost.StartAsync(new ApiServerOptions
    {
        DataDirectory = DataDirectory,
        Port = 0,
        BindAddress = IPAddress.Loopback,
    }, NullLoggerFactory.Instance, CancellationToken.None);

    [Fact]
    public async Task Restart_KeepsObjectsTokenAndResourceVersions()
    {
        string token, rv;
        await using (var host = await StartAsync())
        {
            Assert.True(File.Exists(Path.Combine(DataDirectory, "state.db")));
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));
            var ds = await client.AppsV1.CreateNamespacedDaemonSetAsync(Infrastructure.Objects.DaemonSet("kept"), "default");
            token = host.AdminToken;
            rv = ds.Metadata.ResourceVersion;
        }

        await using (var host = await StartAsync())
        {
            Assert.Equal(token, host.AdminToken);
            using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));
            var ds = await client.AppsV1.ReadNamespacedDaemonSetAsync("kept", "default");
            Assert.Equal(rv, ds.Metadata.ResourceVersion);
            var created = await client.CoreV1.CreateNamespacedPodAsync(Infrastructure.Objects.Pod("after-restart"), "default");
            Assert.True(long.Parse(created.Metadata.ResourceVersion) > long.Parse(rv));
            Assert.Equal(4, (await client.CoreV1.ListNamespaceAsync()).Items.Count);
        }
    }
}
