using System.Net;
using k8s.Models;

namespace Everynode.Agent.Tests.Integration;

/// <summary>
/// One in-process API server (in-memory datastore) and one node agent on the scripted runtime, node IP 127.0.0.1,
/// fast lease and status intervals, a static pod folder. Pods are bound by setting spec.nodeName (no scheduler).
/// </summary>
public sealed class AgentFixture : ComponentClientFixture
{
    public const string NodeName = "agent-test-node";

    private NodeAgent? _agent;

    public NodeAgent Agent => _agent ?? throw new InvalidOperationException("not started");

    public string ManifestFolder => Root.Combine("manifests");

    internal ScriptedRuntime Runtime { get; } = new();

    protected override string FolderPrefix => "everynode-agent-tests-";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Directory.CreateDirectory(ManifestFolder);
        _agent = await NodeAgent.StartAsync(new AgentOptions
        {
            NodeName = NodeName,
            NodeIP = IPAddress.Loopback,
            DataDirectory = Root.Combine("agent"),
            Port = 0,
            ServingToken = Host.AdminToken,
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
        }, Client, Runtime, new TestLog(), CancellationToken.None);
    }

    public override async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        await base.DisposeAsync();
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
