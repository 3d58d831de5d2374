using System.Net;
using Everynode.ApiServer;
using Everynode.Client.Connection;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Agent.Tests.Integration;

/// <summary>An in-process API server on 127.0.0.1 (in-memory datastore) in a temporary folder, and an admin client.</summary>
internal sealed class TestApiServer : IAsyncDisposable
{
    private readonly ApiServerHost _host;

    private TestApiServer(ApiServerHost host, string root)
    {
        _host = host;
        Root = root;
        Client = KubernetesClientFactory.FromToken(new Uri(host.Url), host.CaPem, host.AdminToken);
    }

    /// <summary>The temporary folder; deleted on dispose.</summary>
    public string Root { get; }

    public Kubernetes Client { get; }

    public string AdminToken => _host.AdminToken;

    public static async Task<TestApiServer> StartAsync(string prefix)
    {
        var root = Directory.CreateTempSubdirectory(prefix).FullName;
        var host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = Path.Combine(root, "server"),
            Port = 0,
            BindAddress = IPAddress.Loopback,
            Datastore = "memory://",
        }, NullLoggerFactory.Instance, CancellationToken.None);
        return new TestApiServer(host, root);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}
