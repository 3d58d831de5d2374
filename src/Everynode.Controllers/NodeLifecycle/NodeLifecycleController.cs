using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Everynode.Api.Models;
using Everynode.Client.Controllers;
using Everynode.Client.Events;
using Everynode.Client.Informers;
using Microsoft.Extensions.Logging;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>
/// Upstream's node lifecycle controller (pkg/controller/nodelifecycle): watches node heartbeats (the Lease in
/// kube-node-lease and the Ready condition's lastHeartbeatTime), turns a silent node's conditions Unknown after the
/// grace period, marks its pods not Ready, and keeps the node's condition taints (NoSchedule by condition and
/// <c>spec.unschedulable</c>, NoExecute by Ready) in step. Evicting pods for NoExecute taints is the
/// <see cref="TaintEvictionController"/>'s job.
/// </summary>
/// <remarks>
/// Invariants: every node is synced at least once per monitor period (the staleness check needs no event); a
/// sync is idempotent (status, taints and pods are written only when they differ from what they should be); the
/// controller only ever adds or removes the taints in <see cref="NodeTaints"/>, never anyone else's.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "The runner's queue is disposed when RunAsync ends.")]
public sealed partial class NodeLifecycleController : IReconciler
{
    public const string LeaseNamespace = "kube-node-lease";

    private readonly SharedInformer<V1Node> _nodes;
    private readonly SharedInformer<V1Lease> _leases;
    private readonly SharedInformer<V1Pod> _pods;
    private readonly IKubernetes _client;
    private readonly IEventRecorder _recorder;
    private readonly NodeLifecycleOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ControllerRunner _runner;
    private readonly ConcurrentDictionary<string, NodeHealth> _health = new(StringComparer.Ordinal);

    public NodeLifecycleController(SharedInformers informers, IEventRecorder recorder, NodeLifecycleOptions options, ILoggerFactory loggerFactory, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(informers);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        _nodes = informers.Nodes;
        _leases = informers.Leases;
        _pods = informers.Pods;
        _client = informers.Client;
        _recorder = recorder;
        _options = options;
        _time = timeProvider;
        _logger = loggerFactory.CreateLogger<NodeLifecycleController>();
        _runner = new ControllerRunner(new ControllerRunnerOptions { Name = "node-lifecycle-controller", Workers = options.Workers }, this, _logger, timeProvider);
        _runner.Watch(_nodes, n => [n.Metadata.Name]);
        _runner.Watch(_leases, l => l.Metadata.NamespaceProperty == LeaseNamespace ? [l.Metadata.Name] : []);
        _runner.Watch(_pods, _ => []);
        _nodes.AddEventHandler(new InformerHandler<V1Node> { Deleted = (node, _) => OnNodeDeleted(node) });
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_runner.RunAsync(ct), MonitorAsync(ct));
        }
        finally
        {
            _runner.Dispose();
        }
    }

    /// <summary>Queues every node once per monitor period: silence produces no event, so staleness is polled, as upstream.</summary>
    private async Task MonitorAsync(CancellationToken ct)
    {
        try
        {
            await _nodes.WaitForSyncAsync(ct);
            using var timer = new PeriodicTimer(_options.NodeMonitorPeriod, _time);
            while (await timer.WaitForNextTickAsync(ct))
            {
                foreach (var key in _nodes.Cache.ListKeys())
                {
                    _runner.Queue.Add(key);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    public async Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var node = _nodes.Cache.Get(key);
        if (node is null)
        {
            _health.TryRemove(key, out _);
            return;
        }

        var now = _time.GetUtcNow();
        var known = _health.TryGetValue(key, out var previous);
        var health = NodeHealthPlanner.Observe(previous, node, _leases.Cache.Get(LeaseNamespace, key), now);
        _health[key] = health;
        if (!known)
        {
            RecordNodeEvent(node, "RegisteredNode", $"Registered Node {key} in Controller");
        }

        var observedReady = NodeConditions.StatusOf(node, NodeConditions.Ready);
        if (NodeHealthPlanner.IsStale(health, now, _options.NodeMonitorGracePeriod) && NodeHealthPlanner.UnknownConditions(node, now) is { } conditions)
        {
            var copy = ModelCopy.Clone(node);
            copy.Status ??= new V1NodeStatus();
            copy.Status.Conditions = conditions;
            LogNodeUnknown(_logger, key, _options.NodeMonitorGracePeriod);
            node = await _client.CoreV1.ReplaceNodeStatusAsync(copy, key, cancellationToken: cancellationToken);
        }

        var currentReady = NodeConditions.StatusOf(node, NodeConditions.Ready);
        if (observedReady == NodeConditions.True && currentReady != NodeConditions.True)
        {
            _recorder.Record(NodeReference(node), EventTypes.Normal, "NodeNotReady", $"Node {key} status is now: NodeNotReady");
        }

        if (NodeTaintPlanner.Reconcile(node, now) is { } taints)
        {
            var copy = ModelCopy.Clone(node);
            copy.Spec ??= new V1NodeSpec();
            copy.Spec.Taints = taints;
            await _client.CoreV1.ReplaceNodeAsync(copy, key, cancellationToken: cancellationToken);
        }

        if (currentReady == NodeConditions.Unknown)
        {
            await MarkPodsNotReadyAsync(key, now, cancellationToken);
        }
    }

    private async Task MarkPodsNotReadyAsync(string nodeName, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var cached in PodsNotReadyPlanner.PodsToMark(_pods.Cache.ByIndex(Indexers.NodeName, nodeName), nodeName))
        {
            var pod = ModelCopy.Clone(cached);
            pod.Status = PodsNotReadyPlanner.NotReadyStatus(pod.Status, now);
            try
            {
                await _client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct);
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                continue;
            }

            _recorder.Record(cached, EventTypes.Warning, "NodeNotReady", "Node is not ready");
        }
    }

    private void OnNodeDeleted(V1Node node)
    {
        _health.TryRemove(node.Metadata.Name, out _);
        RecordNodeEvent(node, "RemovingNode", $"Removing Node {node.Metadata.Name} from Controller");
    }

    /// <summary>Upstream's RecordNodeEvent: "Node NAME event: ..." about the node.</summary>
    private void RecordNodeEvent(V1Node node, string reason, string message) =>
        _recorder.Record(NodeReference(node), EventTypes.Normal, reason, $"Node {node.Metadata.Name} event: {message}");

    private static V1ObjectReference NodeReference(V1Node node) =>
        new() { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid };

    [LoggerMessage(EventId = 450, Level = LogLevel.Information, Message = "node {Node} sent no heartbeat for longer than {Grace}; its conditions become Unknown")]
    private static partial void LogNodeUnknown(ILogger logger, string node, TimeSpan grace);
}
