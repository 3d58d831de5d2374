using System.Net;
using Everynode.Agent.Runtime;
using k8s;
using k8s.Models;

namespace Everynode.Agent.Tests.Integration;

/// <summary>
/// One in-process API server (in-memory datastore) and one node agent on the scripted runtime, node IP 127.0.0.1,
/// fast lease and status intervals, a static pod folder. Pods are bound by setting spec.nodeName (no scheduler).
/// </summary>
public sealed class AgentFixture : IAsyncLifetime
{
    public const string NodeName = "agent-test-node";

    private TestApiServer? _server;
    private NodeAgent? _agent;
    private int _namespaceCounter;

    public Kubernetes Client => _server?.Client ?? throw new InvalidOperationException("not started");

    public NodeAgent Agent => _agent ?? throw new InvalidOperationException("not started");

    public string ManifestFolder => Path.Combine(_server?.Root ?? throw new InvalidOperationException("not started"), "manifests");

    internal ScriptedRuntime Runtime { get; } = new();

    public async Task InitializeAsync()
    {
        _server = await TestApiServer.StartAsync("everynode-agent-tests-");
        var root = _server.Root;
        Directory.CreateDirectory(ManifestFolder);
        _agent = await NodeAgent.StartAsync(new AgentOptions
        {
            NodeName = NodeName,
            NodeIP = IPAddress.Loopback,
            DataDirectory = Path.Combine(root, "agent"),
            Port = 0,
            ServingToken = _server.AdminToken,
            Labels = new Dictionary<string, string> { ["disk"] = "ssd" },
            Taints = [new V1Taint { Key = "dedicated", Value = "test", Effect = "PreferNoSchedule" }],
            MilliCpu = 2000,
            MemoryBytes = 4L << 30,
            MaxPods = 20,
            PodManifestPath = ManifestFolder,
            LeaseRenewInterval = TimeSpan.FromMilliseconds(500),
            NodeStatusUpdateInterval = TimeSpan.FromMilliseconds(500),
            ManifestCheckInterval = TimeSpan.FromMilliseconds(500),
            ReportHostPressure = false,
        }, _server.Client, Runtime, new TestLog(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaceCounter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>A pod bound to the fixture's node.</summary>
    public static V1Pod BoundPod(string name, params string[] command) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec
        {
            NodeName = NodeName,
            Containers = [new V1Container { Name = "main", Image = "busybox", Command = command.Length == 0 ? null : command }],
        },
    };
}
