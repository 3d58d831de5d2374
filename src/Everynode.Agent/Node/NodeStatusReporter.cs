using Everynode.Client.Informers;
using System.Text.Json.Nodes;
using Everynode.Api.Resources;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Node;

/// <summary>
/// Registers the Node and keeps its status current. As upstream's kubelet: registration happens at start (create;
/// an existing Node of the same name is taken over and its default labels reconciled), then every
/// <see cref="AgentOptions.NodeStatusUpdateInterval"/> the conditions are recomputed and written when they differ from
/// the Node's conditions as the API has them (so conditions the node lifecycle controller set to Unknown while the
/// agent was away are put right at once) or when <see cref="AgentOptions.NodeStatusReportInterval"/> has passed since
/// the last write. A Node deleted while
/// the agent runs is not recreated (upstream does not either): status writes fail with NotFound and are logged
/// until the agent restarts and registers again.
/// </summary>
internal sealed class NodeStatusReporter
{
    private readonly IKubernetes _client;
    private readonly AgentOptions _options;
    private readonly string _runtimeName;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<V1Node?> _currentNode;
    private readonly Func<HostReadings> _readings;
    private IList<V1NodeCondition>? _lastConditions;
    private int _port;
    private DateTimeOffset _lastReport;

    /// <param name="currentNode">The newest copy of the Node the caller has (its own write or its watch); null: only
    /// this reporter's own writes are known.</param>
    /// <param name="readings">Where host readings come from (default: this host, read at each report); a fleet of
    /// simulated nodes shares one reading instead of scanning /proc once per node.</param>
    public NodeStatusReporter(
        IKubernetes client, AgentOptions options, string runtimeName, ILogger logger, Func<V1Node?>? currentNode = null, Func<HostReadings>? readings = null)
    {
        _client = client;
        _currentNode = currentNode ?? (() => Node);
        _readings = readings ?? (() => HostReadings.Read(options.DataDirectory));
        _options = options;
        _runtimeName = runtimeName;
        _logger = logger;
        _time = options.TimeProvider;
        _port = options.Port;
    }

    /// <summary>The port the agent's endpoint really listens on (differs from the options with port 0).</summary>
    public void UsePort(int port) => _port = port;

    /// <summary>The registered Node (its uid is what the Lease and mirror pods point to), without its managedFields.</summary>
    public V1Node? Node { get; private set; }

    /// <summary>Creates or takes over the Node, retrying until the API answers, then writes its first status.</summary>
    public async Task RegisterAsync(CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var (node, created) = await CreateOrAdoptAsync(ct);
                Node = ManagedFields.Drop(node);
                if (!created)
                {
                    // A Node taken over keeps an older status: write ours at once. A new one was created with it.
                    await ReportAsync(force: true, ct);
                }

                _logger.LogInformation("Node {Node} registered", _options.NodeName);
                return;
            }
            catch (Exception e) when (ApiCalls.IsTransient(e) && !ct.IsCancellationRequested)
            {
                _logger.LogWarning("Unable to register node {Node} with the API server: {Error}; retrying in {Delay}", _options.NodeName, e.Message, delay);
                await Task.Delay(delay, _time, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(7).Ticks));
            }
        }
    }

    /// <summary>Recomputes the node status every update interval until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await Task.Delay(_options.NodeStatusUpdateInterval, _time, ct);
            try
            {
                await ReportAsync(force: false, ct);
            }
            catch (Exception e) when (ApiCalls.IsTransient(e))
            {
                _logger.LogWarning("Error updating node status for {Node}: {Error}", _options.NodeName, e.Message);
            }
        }
    }

    /// <summary>Writes the status if its conditions changed or the report interval passed since the last write.</summary>
    public Task ReportIfDueAsync(CancellationToken ct) => ReportAsync(force: false, ct);

    private async Task<(V1Node Node, bool Created)> CreateOrAdoptAsync(CancellationToken ct)
    {
        var node = NodeStatusBuilder.NewNode(_options, HostReadings.Architecture);

        // As upstream, the Node is created with its status: no moment without capacity for the scheduler to see.
        var readings = _readings();
        var conditions = Conditions(readings, null);
        node.Status = BuildStatus(readings, conditions);
        try
        {
            var created = await _client.CoreV1.CreateNodeAsync(node, cancellationToken: ct);
            _lastConditions = conditions;
            _lastReport = _time.GetUtcNow();
            return (created, true);
        }
        catch (Exception e) when (ApiCalls.IsConflict(e))
        {
            // The Node exists (an earlier run of this agent, or registered by hand): reconcile the labels we own.
            var labels = new JsonObject();
            foreach (var (key, value) in node.Metadata.Labels)
            {
                labels[key] = value;
            }

            var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels } };
            return (await _client.CoreV1.PatchNodeAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), _options.NodeName, cancellationToken: ct), false);
        }
    }

    private async Task ReportAsync(bool force, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var readings = _readings();
        var current = _currentNode()?.Status?.Conditions ?? _lastConditions;
        var conditions = Conditions(readings, current);
        if (!force && !NodeStatusBuilder.ConditionsChanged(conditions, current) && now - _lastReport < _options.NodeStatusReportInterval)
        {
            return;
        }

        var status = BuildStatus(readings, conditions);
        var patch = new JsonObject { ["status"] = JsonNode.Parse(KubernetesJson.Serialize(status)) };
        Node = ManagedFields.Drop(await _client.CoreV1.PatchNodeStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch), _options.NodeName, cancellationToken: ct));
        _lastConditions = conditions;
        _lastReport = now;
    }

    private List<V1NodeCondition> Conditions(HostReadings readings, IList<V1NodeCondition>? previous)
    {
        var pressure = _options.ReportHostPressure ? NodePressure.From(readings) : NodePressure.None;
        return NodeStatusBuilder.Conditions(pressure, ready: true, previous, MetaTime.From(_time.GetUtcNow()));
    }

    private V1NodeStatus BuildStatus(HostReadings readings, List<V1NodeCondition> conditions)
    {
        var milliCpu = _options.MilliCpu ?? Environment.ProcessorCount * 1000L;
        var memory = _options.MemoryBytes ?? readings.MemoryTotalBytes;
        return new V1NodeStatus
        {
            Capacity = NodeStatusBuilder.Capacity(milliCpu, memory, _options.MaxPods, readings.DiskTotalBytes),
            Allocatable = NodeStatusBuilder.Allocatable(milliCpu, memory, _options.MaxPods, readings.DiskTotalBytes),
            Conditions = conditions,
            Addresses = NodeStatusBuilder.Addresses(_options),
            DaemonEndpoints = new V1NodeDaemonEndpoints { KubeletEndpoint = new V1DaemonEndpoint { Port = _port } },
            NodeInfo = NodeStatusBuilder.NodeInfo(_runtimeName, HostReadings.Architecture),
        };
    }
}
