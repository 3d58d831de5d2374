using System.Net;
using Everynode.ApiServer;
using Everynode.Client.Connection;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>One in-process API server (in-memory datastore) per test class, with an admin client.</summary>
public sealed class GcServerFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "everynode-gc-tests-" + Guid.NewGuid().ToString("N")[..12]);
    private ApiServerHost? _host;
    private Kubernetes? _client;
    private int _namespaceCounter;

    public Kubernetes Client => _client ?? throw new InvalidOperationException("the server is not started");

    public async Task InitializeAsync()
    {
        _host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = _dataDirectory,
            Port = 0,
            BindAddress = IPAddress.Loopback,
            Datastore = "memory://",
        }, NullLoggerFactory.Instance, CancellationToken.None);
        _client = KubernetesClientFactory.FromToken(new Uri(_host.Url), _host.CaPem, _host.AdminToken);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Creates a namespace no other test uses.</summary>
    public async Task<string> CreateNamespaceAsync()
    {
        var name = $"gc-{Interlocked.Increment(ref _namespaceCounter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }
}
