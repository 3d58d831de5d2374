using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Everynode.Agent.Node;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Simulation;

/// <summary>
/// Many simulated nodes in one process (<c>everynode sim</c>), each a full participant as a node agent with the
/// simulated runtime is: its Node registered with status by the agent's <see cref="NodeStatusReporter"/>, its Lease
/// renewed every 10 s by the agent's <see cref="NodeLeaseController"/>, the pods bound to it reported Pending →
/// Running → Ready through <c>pods/status</c> and, when deleted, confirmed gone. What makes thousands cheap: one
/// pod informer for all nodes (not one watch per node), two lanes of work (<see cref="FleetScheduler"/>: pod writes,
/// and heartbeats), each one timer and a bounded pool of concurrent writes, one HTTP client (its connection pool
/// shared by every node), and one reading of the host.
/// </summary>
/// <remarks>
/// Unlike a real agent a simulated node serves no logs (pods/log answers that its node is unreachable), records
/// no events, runs no probes (a readiness probe's initial delay is when the container turns Ready) and does not
/// admit pods against its capacity.
/// </remarks>
public sealed class SimulatedFleet : IAsyncDisposable
{
    private readonly SimulatedFleetOptions _options;
    private readonly IKubernetes _client;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly FleetScheduler _podWrites;
    private readonly FleetScheduler _heartbeats;
    private readonly SimulatedPods _pods;
    private readonly SharedInformer<V1Pod> _informer;
    private readonly ConcurrentDictionary<string, SimulatedNode> _nodes = new(StringComparer.Ordinal);
    private readonly HostReadings _readings;
    private readonly string _servingToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    private readonly CancellationTokenSource _stop = new();
    private Task _informerLoop = Task.CompletedTask;
    private int _ordinal;

    private SimulatedFleet(SimulatedFleetOptions options, IKubernetes client, ILoggerFactory loggerFactory)
    {
        _options = options;
        _client = client;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Everynode.Agent.Simulation");
        // Two lanes, as a real node's heartbeat and pod status never wait for each other: pod writes on one,
        // Lease renewals and node status on the other, each with its own workers.
        _podWrites = new FleetScheduler(options.MaxConcurrentWrites, options.TimeProvider, _logger);
        _heartbeats = new FleetScheduler(options.MaxConcurrentWrites, options.TimeProvider, _logger);
        _readings = HostReadings.Read(Path.GetTempPath());
        _pods = new SimulatedPods(client, _podWrites, Find, options);

        // Every pod bound to some node: one watch for the whole fleet, filtered here by node name.
        _informer = InformerFactory.Pods(
            client, loggerFactory, new ResourceScope { FieldSelector = "spec.nodeName!=" }, new InformerOptions { StripManagedFields = true });
        _informer.AddEventHandler(_pods);
    }

    /// <summary>How many nodes the fleet runs.</summary>
    public int NodeCount => _nodes.Count;

    /// <summary>How many pods on the fleet's nodes it is tracking.</summary>
    public int PodCount => _pods.Count;

    /// <summary>API calls that failed in a way worth retrying, since the start (each was retried or will be).</summary>
    public long TransientErrors => _podWrites.TransientErrors + _heartbeats.TransientErrors;

    /// <summary>Faults when the fleet fails unexpectedly (an informer or a worker); never completes otherwise until disposed.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    /// <summary>Called when a pod on one of the fleet's nodes has been reported Ready: the pod and when the write was acknowledged.</summary>
    public Action<V1Pod, DateTimeOffset>? PodReady
    {
        get => _pods.PodReady;
        set => _pods.PodReady = value;
    }

    /// <summary>Starts the fleet's pod informer and workers, with no nodes yet (<c>AddNodesAsync</c>).</summary>
    public static async Task<SimulatedFleet> StartAsync(SimulatedFleetOptions options, IKubernetes client, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var fleet = new SimulatedFleet(options, client, loggerFactory);
        fleet._informerLoop = fleet._informer.RunAsync(fleet._stop.Token);
        fleet.Completion = fleet.WatchAsync();
        try
        {
            await fleet._informer.WaitForSyncAsync(ct);
        }
        catch
        {
            await fleet.DisposeAsync();
            throw;
        }

        return fleet;
    }

    /// <summary>
    /// Registers the named nodes (at most <see cref="SimulatedFleetOptions.MaxConcurrentWrites"/> at a time), each
    /// Ready with its Lease, then keeps them alive. Returns once every one is registered. A name the fleet already
    /// runs is skipped. A Node that exists already is taken over, as an agent does.
    /// </summary>
    public Task AddNodesAsync(IEnumerable<string> names, CancellationToken ct) => AddNodesAsync(names, null, ct);

    /// <inheritdoc cref="AddNodesAsync(IEnumerable{string}, CancellationToken)"/>
    /// <param name="names">The nodes' names.</param>
    /// <param name="addresses">InternalIPs for some of the names; the others take the next address after
    /// <see cref="SimulatedFleetOptions.FirstNodeIP"/> by their place in the fleet.</param>
    /// <param name="ct">Stops the registration.</param>
    public async Task AddNodesAsync(IEnumerable<string> names, IReadOnlyDictionary<string, IPAddress>? addresses, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(names);
        // Addresses follow the order of the names: the Nth name added to the fleet has the Nth address.
        var added = names.Distinct(StringComparer.Ordinal).Where(n => !_nodes.ContainsKey(n)).ToList();
        var first = Interlocked.Add(ref _ordinal, added.Count) - added.Count;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxConcurrentWrites, CancellationToken = ct };
        await Parallel.ForEachAsync(added.Select((name, i) => (name, i)), parallel, async (item, token) =>
        {
            var (name, i) = item;
            var node = Create(name, addresses?.GetValueOrDefault(name) ?? NodeIP(_options.FirstNodeIP, first + i));
            await node.Status.RegisterAsync(token);
            await RenewLeaseAsync(node, token);
            _nodes[name] = node;

            // Pods bound before the node joined the fleet (the informer saw them first) start now.
            foreach (var pod in _informer.Cache.ByIndex(Indexers.NodeName, name))
            {
                _pods.Upsert(pod);
            }

            var now = _heartbeats.Now;
            _heartbeats.RunAt(now + _options.LeaseRenewInterval, t => RenewLeaseAndRescheduleAsync(node, t));
            _heartbeats.RunAt(now + _options.NodeStatusUpdateInterval, t => ReportStatusAndRescheduleAsync(node, t));
        });
    }

    private SimulatedNode Create(string name, IPAddress ip)
    {
        var agentOptions = new AgentOptions
        {
            NodeName = name,
            NodeIP = ip,
            DataDirectory = Path.GetTempPath(),
            Labels = _options.Labels,
            Taints = _options.Taints,
            MilliCpu = _options.MilliCpu,
            MemoryBytes = _options.MemoryBytes,
            MaxPods = _options.MaxPods,
            Port = 0, // A simulated node serves no endpoint.
            ServingToken = _servingToken,
            ReportHostPressure = false,
            LeaseRenewInterval = _options.LeaseRenewInterval,
            NodeStatusUpdateInterval = _options.NodeStatusUpdateInterval,
            TimeProvider = _options.TimeProvider,
        };
        agentOptions.Validate();
        var status = new NodeStatusReporter(_client, agentOptions, "simulated", _loggerFactory.CreateLogger("Everynode.Agent.NodeStatus"), readings: () => _readings);
        var lease = new NodeLeaseController(_client, agentOptions, _loggerFactory.CreateLogger("Everynode.Agent.NodeLease"), () => status.Node);
        return new SimulatedNode(agentOptions, status, lease);
    }

    /// <summary>The address <paramref name="ordinal"/> places after <paramref name="first"/>.</summary>
    internal static IPAddress NodeIP(IPAddress first, int ordinal)
    {
        var bytes = first.GetAddressBytes();
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) + (uint)ordinal;
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }

    private SimulatedNode? Find(string? name) => name is not null && _nodes.TryGetValue(name, out var node) ? node : null;

    private async Task RenewLeaseAsync(SimulatedNode node, CancellationToken ct)
    {
        try
        {
            await node.Lease.RenewAsync(ct);
        }
        catch (Exception e) when (ApiCalls.IsTransient(e) && !ct.IsCancellationRequested)
        {
            _heartbeats.RecordTransient(e); // The next round reads the Lease again.
        }
    }

    private async Task RenewLeaseAndRescheduleAsync(SimulatedNode node, CancellationToken ct)
    {
        _heartbeats.RunAt(_heartbeats.Now + _options.LeaseRenewInterval, t => RenewLeaseAndRescheduleAsync(node, t));
        await RenewLeaseAsync(node, ct);
    }

    private async Task ReportStatusAndRescheduleAsync(SimulatedNode node, CancellationToken ct)
    {
        _heartbeats.RunAt(_heartbeats.Now + _options.NodeStatusUpdateInterval, t => ReportStatusAndRescheduleAsync(node, t));
        await node.Status.ReportIfDueAsync(ct);
    }

    private async Task WatchAsync()
    {
        var finished = await Task.WhenAny(_informerLoop, _podWrites.Completion, _heartbeats.Completion);
        if (!_stop.IsCancellationRequested)
        {
            await finished; // Rethrows the failure.
            throw new InvalidOperationException("the simulated nodes' pod informer ended unexpectedly");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _informerLoop;
        }
        catch (OperationCanceledException)
        {
        }

        await _podWrites.DisposeAsync();
        await _heartbeats.DisposeAsync();
        _stop.Dispose();
    }
}
