using System.Net;
using Everynode.ApiServer;
using Everynode.Client.Connection;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.DaemonSets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>
/// One in-process API server (in-memory store) with the DaemonSet controller running against it, as the server
/// composes it: shared informers, the event recorder, the controller; informers started after construction.
/// No scheduler and no node agents: daemon pods stay Pending, pinned to their node by affinity.
/// </summary>
public sealed class ControllerServerFixture : IAsyncLifetime, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "everynode-ds-tests-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private ApiServerHost? _host;
    private Kubernetes? _client;
    private int _counter;

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
        _client = KubernetesClientFactory.FromKubeconfig(_host.KubeconfigPath);
        var informers = new SharedInformers(_client, NullLoggerFactory.Instance);
        var recorder = new EventRecorder(_client, new EventRecorderOptions { Component = DaemonSetEvents.Component }, NullLogger.Instance);
        var controller = new DaemonSetController(
            informers, recorder, new DaemonSetControllerOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        _running.Add(informers.RunAsync(_stop.Token));
        _running.Add(recorder.RunAsync(_stop.Token));
        _running.Add(controller.RunAsync(_stop.Token));
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (OperationCanceledException)
        {
        }

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

    public void Dispose() => _stop.Dispose();

    /// <summary>A fresh namespace and a label value no other test's nodes carry (nodes are cluster-wide).</summary>
    public async Task<string> NewScopeAsync()
    {
        var name = $"ds-{Interlocked.Increment(ref _counter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public Task<V1Node> CreateNodeAsync(string name, string scope) =>
        Client.CoreV1.CreateNodeAsync(new V1Node
        {
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["scope"] = scope },
            },
        });
}
