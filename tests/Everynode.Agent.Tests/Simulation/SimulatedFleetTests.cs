using System.Globalization;
using System.Net;
using Everynode.Agent.Simulation;
using Everynode.Client.Connection;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Agent.Tests.Simulation;

/// <summary>A fleet of simulated nodes against an in-process API server (in-memory datastore); pods are bound by spec.nodeName.</summary>
public sealed class SimulatedFleetTests : IAsyncLifetime
{
    private const int Nodes = 40;
    private InProcessApiServer? _server;
    private Kubernetes? _client;
    private SimulatedFleet? _fleet;

    private Kubernetes Client => _client!;

    private SimulatedFleet Fleet => _fleet!;

    public async Task InitializeAsync()
    {
        _server = await InProcessApiServer.StartAsync("everynode-fleet-tests-");
        _client = KubernetesClientFactory.FromToken(new Uri(_server.Host.Url), _server.Host.CaPem, _server.Host.AdminToken);
        _fleet = await SimulatedFleet.StartAsync(new SimulatedFleetOptions
        {
            Labels = new Dictionary<string, string> { ["fleet"] = "test" },
            LeaseRenewInterval = TimeSpan.FromMilliseconds(300),
            StartDelay = TimeSpan.FromMilliseconds(300),
            MaxConcurrentWrites = 8,
        }, Client, NullLoggerFactory.Instance, CancellationToken.None);
        await _fleet.AddNodesAsync(Enumerable.Range(0, Nodes).Select(i => "sim-" + i.ToString(CultureInfo.InvariantCulture)), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_fleet is not null)
        {
            await _fleet.DisposeAsync();
        }

        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task AddNodes_RegistersEveryNodeReady_WithItsLabelsAddressAndAnOwnedLease()
    {
        var nodes = await Client.CoreV1.ListNodeAsync();

        Assert.Equal(Nodes, Fleet.NodeCount);
        Assert.Equal(Nodes, nodes.Items.Count);
        Assert.All(nodes.Items, n => Assert.Equal("True", n.Status.Conditions.Single(c => c.Type == "Ready").Status));
        var node = nodes.Items.Single(n => n.Metadata.Name == "sim-3");
        Assert.Equal("test", node.Metadata.Labels["fleet"]);
        Assert.Equal("sim-3", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("10.64.0.4", node.Status.Addresses.Single(a => a.Type == "InternalIP").Address);
        Assert.Equal("simulated://1.32.4+everynode", node.Status.NodeInfo.ContainerRuntimeVersion);
        Assert.Equal(new ResourceQuantity("4"), node.Status.Capacity["cpu"]);

        var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("sim-3", "kube-node-lease");
        Assert.Equal("sim-3", lease.Spec.HolderIdentity);
        Assert.Equal(node.Metadata.Uid, lease.Metadata.OwnerReferences.Single().Uid);
    }

    [Fact]
    public async Task Leases_AreRenewedByTheSharedTimer()
    {
        var first = (await Client.CoordinationV1.ReadNamespacedLeaseAsync("sim-7", "kube-node-lease")).Spec.RenewTime;

        await Eventually.ValueAsync(async () =>
        {
            var lease = await Client.CoordinationV1.ReadNamespacedLeaseAsync("sim-7", "kube-node-lease");
            return lease.Spec.RenewTime > first ? lease : null;
        }, "a renewed lease");
    }

    [Fact]
    public async Task BoundPod_GoesFromContainerCreatingToRunningAndReady_OnItsNodesAddress()
    {
        var ns = await CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("web", "sim-9"), ns);

        var creating = await Eventually.ValueAsync(async () =>
        {
            var pod = await Client.CoreV1.ReadNamespacedPodAsync("web", ns);
            return pod.Status?.ContainerStatuses?.SingleOrDefault()?.State?.Waiting?.Reason == "ContainerCreating" ? pod : null;
        }, "ContainerCreating");
        Assert.Equal("Pending", creating.Status.Phase);

        var running = await Eventually.ValueAsync(async () =>
        {
            var pod = await Client.CoreV1.ReadNamespacedPodAsync("web", ns);
            return pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true ? pod : null;
        }, "a Ready pod");
        Assert.Equal("Running", running.Status.Phase);
        Assert.Equal("10.64.0.10", running.Status.PodIP);
        Assert.NotNull(running.Status.ContainerStatuses.Single().State.Running);
    }

    [Fact]
    public async Task PodOnANodeOutsideTheFleet_IsLeftAlone()
    {
        var ns = await CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("elsewhere", "real-node"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("here", "sim-1"), ns);

        await Eventually.ValueAsync(async () =>
        {
            var pod = await Client.CoreV1.ReadNamespacedPodAsync("here", ns);
            return pod.Status?.Phase == "Running" ? pod : null;
        }, "the fleet's pod Running");
        var other = await Client.CoreV1.ReadNamespacedPodAsync("elsewhere", ns);
        Assert.Null(other.Status?.ContainerStatuses);
    }

    [Fact]
    public async Task GracefulDeletion_IsCompletedByTheNode()
    {
        var ns = await CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("doomed", "sim-2"), ns);
        await Eventually.ValueAsync(async () =>
        {
            var pod = await Client.CoreV1.ReadNamespacedPodAsync("doomed", ns);
            return pod.Status?.Phase == "Running" ? pod : null;
        }, "Running");

        await Client.CoreV1.DeleteNamespacedPodAsync("doomed", ns, gracePeriodSeconds: 30);

        await Eventually.ValueAsync(async () =>
        {
            try
            {
                await Client.CoreV1.ReadNamespacedPodAsync("doomed", ns);
                return null;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return "gone";
            }
        }, "the pod gone");
    }

    [Fact]
    public async Task NodeAddedLater_StartsThePodsAlreadyBoundToIt()
    {
        var ns = await CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("early", "late-node"), ns);
        var readyPods = new List<string>();
        Fleet.PodReady = (pod, _) =>
        {
            lock (readyPods)
            {
                readyPods.Add(pod.Metadata.Name);
            }
        };

        await Fleet.AddNodesAsync(["late-node"], CancellationToken.None);

        await Eventually.ValueAsync(async () =>
        {
            var pod = await Client.CoreV1.ReadNamespacedPodAsync("early", ns);
            return pod.Status?.Phase == "Running" ? pod : null;
        }, "the early pod Running");
        await Eventually.ValueAsync(() =>
        {
            lock (readyPods)
            {
                return Task.FromResult(readyPods.Contains("early") ? "reported" : null);
            }
        }, "PodReady reported");
    }

    [Fact]
    public async Task AddNodes_WithAddresses_GivesEachNamedNodeItsOwn()
    {
        await Fleet.AddNodesAsync(["own-ip", "next-ip"], new Dictionary<string, IPAddress> { ["own-ip"] = IPAddress.Parse("127.0.1.7") }, CancellationToken.None);

        var own = await Client.CoreV1.ReadNodeAsync("own-ip");
        var next = await Client.CoreV1.ReadNodeAsync("next-ip");
        Assert.Equal("127.0.1.7", own.Status.Addresses.Single(a => a.Type == "InternalIP").Address);
        Assert.Equal("10.64.0.42", next.Status.Addresses.Single(a => a.Type == "InternalIP").Address);
    }

    [Fact]
    public void NodeIP_CountsOnFromTheFirstAddress()
    {
        Assert.Equal(IPAddress.Parse("10.64.1.0"), SimulatedFleet.NodeIP(IPAddress.Parse("10.64.0.255"), 1));
        Assert.Equal(IPAddress.Parse("10.64.0.1"), SimulatedFleet.NodeIP(IPAddress.Parse("10.64.0.1"), 0));
    }

    private async Task<string> CreateNamespaceAsync()
    {
        var name = "fleet-" + Guid.NewGuid().ToString("N")[..8];
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    private static V1Pod Pod(string name, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { NodeName = node, Containers = [new V1Container { Name = "main", Image = "busybox" }] },
    };
}
