using Everynode.Client.Events;
using Everynode.Client.Informers;
using Everynode.Controllers.DaemonSets;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>
/// An in-process API server with the DaemonSet controller running against it, as the server composes it: shared
/// informers, the event recorder, the controller; informers started after construction.
/// No scheduler and no node agents: daemon pods stay Pending, pinned to their node by affinity.
/// </summary>
public sealed class DaemonSetControllerFixture : ComponentClientFixture
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private int _counter;

    protected override string FolderPrefix => "everynode-ds-tests-";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var informers = new SharedInformers(Client, NullLoggerFactory.Instance);
        var recorder = new EventRecorder(Client, new EventRecorderOptions { Component = DaemonSetEvents.Component }, NullLogger.Instance);
        var controller = new DaemonSetController(
            informers, recorder, new DaemonSetControllerOptions(), NullLoggerFactory.Instance, TimeProvider.System);
        _running.Add(informers.RunAsync(_stop.Token));
        _running.Add(recorder.RunAsync(_stop.Token));
        _running.Add(controller.RunAsync(_stop.Token));
    }

    public override async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_running);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        await base.DisposeAsync();
    }

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
