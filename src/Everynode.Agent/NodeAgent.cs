using Everynode.Agent.Node;
using Everynode.Agent.Pods;
using Everynode.Agent.Pods.Probes;
using Everynode.Agent.Runtime;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent;

/// <summary>
/// The node agent (the kubelet's role) for one node: registers the Node, heartbeats its Lease, reports node status,
/// runs the pods bound to the node (and static pods) through a container runtime, reports their status, and serves
/// container logs. See src/Everynode.Agent/README.md for its loops.
/// </summary>
public sealed partial class NodeAgent : IAsyncDisposable
{
    private readonly AgentOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private readonly NodeStatusReporter _status;
    private readonly NodeLeaseController _lease;
    private readonly PodWorkers _pods;
    private readonly EventRecorder _events;
    private readonly ILogger _logger;
    private readonly IKubernetes _client;
    private readonly ILoggerFactory _loggerFactory;
    private readonly SharedInformer<V1Node> _nodeInformer;
    private V1Node? _fetched;
    private Logs.ContainerLogServer? _logServer;
    private StaticPods.StaticPodSource? _staticPods;

    private NodeAgent(AgentOptions options, IKubernetes client, IContainerRuntime runtime, ILoggerFactory loggerFactory)
    {
        _options = options;
        _client = client;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Everynode.Agent");
        _status = new NodeStatusReporter(client, options, runtime.Name, loggerFactory.CreateLogger("Everynode.Agent.NodeStatus"), () => CurrentNode());

        // As the kubelet's node lister: the agent watches its own Node, so a label or taint added with kubectl is
        // seen by admission at once, not only after the agent's next status write.
        _nodeInformer = InformerFactory.Nodes(client, loggerFactory, new ResourceScope { FieldSelector = $"metadata.name={options.NodeName}" });
        _lease = new NodeLeaseController(client, options, loggerFactory.CreateLogger("Everynode.Agent.NodeLease"), () => _status.Node);
        _events = new EventRecorder(client, new EventRecorderOptions { Component = "kubelet", Host = options.NodeName },
            loggerFactory.CreateLogger("Everynode.Agent.Events"), options.TimeProvider);
        var ctx = PodWorkerContext.Create(client, runtime, _events, options, loggerFactory.CreateLogger("Everynode.Agent.Pods"), new ProbeRunner(), CurrentNode);
        ctx.FetchNode = FetchNodeAsync;
        _pods = new PodWorkers(ctx);
    }

    public string NodeName => _options.NodeName;

    /// <summary>The port the log endpoint listens on (the real one when started with port 0).</summary>
    public int ServingPort => _logServer?.Port ?? 0;

    /// <summary>The Node as last written by the agent or seen by its watch, whichever is newer.</summary>
    public V1Node? Node => CurrentNode();

    /// <summary>When the Lease was last renewed.</summary>
    public DateTimeOffset? LeaseRenewed => _lease.LastRenewed;

    /// <summary>Completes (faulted) if one of the agent's loops fails unexpectedly; never completes otherwise until disposed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Registers the node and starts every loop. Returns once the node is registered and its first status written.</summary>
    public static async Task<NodeAgent> StartAsync(
        AgentOptions options, IKubernetes client, IContainerRuntime runtime, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        var agent = new NodeAgent(options, client, runtime, loggerFactory);
        try
        {
            await agent.StartLoopsAsync(ct);
        }
        catch
        {
            await agent.DisposeAsync();
            throw;
        }

        return agent;
    }

    private async Task StartLoopsAsync(CancellationToken ct)
    {
        var stopping = _stop.Token;
        _loops.Add(_events.RunAsync(stopping));

        // The log endpoint first: the Node advertises its port, so with --port 0 it must be known before registering.
        _logServer = await Logs.ContainerLogServer.StartAsync(_options, _pods, _loggerFactory, ct);
        var options = _logServer.Port == _options.Port ? _options : _options with { Port = _logServer.Port };
        _status.UsePort(options.Port);

        await _status.RegisterAsync(ct);
        _loops.Add(_nodeInformer.RunAsync(stopping));
        await _nodeInformer.WaitForSyncAsync(ct);
        _loops.Add(_lease.RunAsync(stopping));
        _loops.Add(_status.RunAsync(stopping));

        var informer = InformerFactory.Pods(_client, _loggerFactory, new ResourceScope { FieldSelector = $"spec.nodeName={_options.NodeName}" });
        informer.AddEventHandler(_pods);
        _loops.Add(informer.RunAsync(stopping));

        if (_options.PodManifestPath is { } manifests)
        {
            _staticPods = new StaticPods.StaticPodSource(_client, _options, _pods, CurrentNode, _loggerFactory.CreateLogger("Everynode.Agent.StaticPods"));
            _loops.Add(_staticPods.RunAsync(stopping));
        }

        Completion = WatchLoopsAsync();
    }

    /// <summary>The newest copy of this agent's Node: from its own status write, from the watch, or fetched by admission.</summary>
    private V1Node? CurrentNode() =>
        Newer(Newer(_nodeInformer.Cache.Get(null, _options.NodeName), _status.Node), Volatile.Read(ref _fetched));

    /// <summary>
    /// Reads the Node from the API server, past the watch (as the kubelet does when admission fails on node affinity:
    /// a label added just before the pod was bound may not have reached the watch yet). Null when the read fails.
    /// </summary>
    private async Task<V1Node?> FetchNodeAsync(CancellationToken ct)
    {
        try
        {
            var node = ManagedFields.Drop(await _client.CoreV1.ReadNodeAsync(_options.NodeName, cancellationToken: ct));
            Volatile.Write(ref _fetched, node);
            return CurrentNode();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.LogWarning(e, "Could not read node {Node} for pod admission", _options.NodeName);
            return null;
        }
    }

    private static V1Node? Newer(V1Node? a, V1Node? b) =>
        a is null || b is null ? a ?? b : ResourceVersionOf(a) >= ResourceVersionOf(b) ? a : b;

    private static long ResourceVersionOf(V1Node node) =>
        long.TryParse(node.Metadata?.ResourceVersion, out var rv) ? rv : 0;

    private async Task WatchLoopsAsync()
    {
        var finished = await Task.WhenAny(_loops);
        if (!_stop.IsCancellationRequested)
        {
            await finished; // Rethrows the loop's failure.
            throw new InvalidOperationException("a node agent loop ended unexpectedly");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var loop in _loops)
        {
            try
            {
                await loop;
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                _logger.LogWarning(e, "A node agent loop failed while stopping");
            }
        }

        await _pods.DisposeAsync();
        _staticPods?.Dispose();
        if (_logServer is not null)
        {
            await _logServer.DisposeAsync();
        }

        _stop.Dispose();
    }
}
