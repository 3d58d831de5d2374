using Everynode.E2E.Tests.Harness;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Placement;

/// <summary>
/// The DaemonSet controller and the scheduler inside <c>everynode server</c>, driven through kubectl and the C# client
/// with Node objects created through the API (no node agents): one pod per eligible node, following nodes as they
/// come, go and change.
/// </summary>
public sealed class DaemonSetPlacementTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("everynode-e2e-");
    private EverynodeServer? _server;
    private Kubernetes? _client;

    private EverynodeServer Server => _server!;

    private Kubernetes Client => _client!;

    public async Task InitializeAsync()
    {
        _server = await EverynodeServer.StartAsync(new EverynodeServerOptions
        {
            DataDirectory = Path.Combine(_directory.Path, "data"),
            Datastore = "memory://",
            ExtraArgs = ["--pod-gc-quarantine", "1s"],
        });
        _client = Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Delete();
    }

    [Fact]
    public async Task DaemonSet_OnFourNodes_RunsOnePodPerNode_FollowsJoinsAndDeletes()
    {
        for (var i = 0; i < 4; i++)
        {
            await CreateReadyNodeAsync($"worker-{i}");
        }

        (await Server.Kubectl.ApplyAsync(Manifests.FluentdDaemonSet("default", "agent"))).EnsureSuccess();
        await WaitForPodsOnNodesAsync("agent", ["worker-0", "worker-1", "worker-2", "worker-3"]);
        await WaitForAsync(async () => (await Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "default")).Status is { DesiredNumberScheduled: 4, CurrentNumberScheduled: 4 });

        var affinity = await Server.Kubectl.SucceedAsync("get", "pods", "-l", "name=agent", "--field-selector", "spec.nodeName=worker-2",
            "-o", "jsonpath={.items[0].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms}");
        Assert.Equal("""[{"matchFields":[{"key":"metadata.name","operator":"In","values":["worker-2"]}]}]""", affinity.Stdout.Trim());

        // Writers are named as on a real cluster: the controller manager wrote the pods and the DaemonSet's status.
        var podManagers = await Server.Kubectl.SucceedAsync("get", "pods", "-l", "name=agent", "--field-selector", "spec.nodeName=worker-2",
            "-o", "jsonpath={.items[0].metadata.managedFields[*].manager}", "--show-managed-fields");
        Assert.Equal("kube-controller-manager", podManagers.Stdout.Trim());
        var statusManager = await Server.Kubectl.SucceedAsync("get", "ds", "agent", "--show-managed-fields",
            "-o", "jsonpath={.metadata.managedFields[?(@.subresource==\"status\")].manager}");
        Assert.Equal("kube-controller-manager", statusManager.Stdout.Trim());

        await CreateReadyNodeAsync("worker-4");
        await WaitForPodsOnNodesAsync("agent", ["worker-0", "worker-1", "worker-2", "worker-3", "worker-4"]);

        await Client.CoreV1.DeleteNodeAsync("worker-1");
        await WaitForPodsOnNodesAsync("agent", ["worker-0", "worker-2", "worker-3", "worker-4"]);
        await WaitForAsync(async () => (await Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", "default")).Status is { DesiredNumberScheduled: 4, CurrentNumberScheduled: 4 });

        var table = await Server.Kubectl.SucceedAsync("get", "ds", "agent");
        var row = table.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["agent", "4", "4"], row[..3]);

        // With no node agent to finish them, the pods stay Terminating (as on any cluster whose kubelets are gone).
        await Server.Kubectl.SucceedAsync("delete", "ds", "agent");
        await WaitForAsync(async () => (await DaemonPodsAsync("agent")).All(p => p.Metadata.DeletionTimestamp is not null));
    }

    [Fact]
    public async Task NodeSelector_AndTaints_NarrowTheNodes_AndFollowLabelChanges()
    {
        await CreateReadyNodeAsync("sel-a", labels: new Dictionary<string, string> { ["disk"] = "ssd" });
        await CreateReadyNodeAsync("sel-b");
        await CreateReadyNodeAsync("sel-c", taints: [new V1Taint { Key = "node-role.kubernetes.io/control-plane", Effect = "NoSchedule" }],
            labels: new Dictionary<string, string> { ["disk"] = "ssd" });

        var ds = Manifests.FluentdDaemonSet("default", "ssd-agent").Replace("      tolerations:", "      nodeSelector:\n        disk: ssd\n      tolerations:", StringComparison.Ordinal);
        (await Server.Kubectl.ApplyAsync(ds)).EnsureSuccess();
        await WaitForPodsOnNodesAsync("ssd-agent", ["sel-a", "sel-c"], exact: false);
        var nodes = (await DaemonPodsAsync("ssd-agent")).Select(p => p.Spec.NodeName).Where(n => n.StartsWith("sel-", StringComparison.Ordinal)).Order().ToList();
        Assert.Equal(["sel-a", "sel-c"], nodes);

        await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"disk":"ssd"}}}""", V1Patch.PatchType.MergePatch), "sel-b");
        await WaitForAsync(async () => (await DaemonPodsAsync("ssd-agent")).Any(p => p.Spec.NodeName == "sel-b"));
        await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"disk":null}}}""", V1Patch.PatchType.MergePatch), "sel-a");
        await WaitForAsync(async () => (await DaemonPodsAsync("ssd-agent")).All(p => p.Spec.NodeName != "sel-a" || p.Metadata.DeletionTimestamp is not null));
    }

    private Task<V1Node> CreateReadyNodeAsync(string name, IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null) =>
        ClusterNodes.CreateReadyNodeAsync(Client, name, labels, taints);

    private async Task<IReadOnlyList<V1Pod>> DaemonPodsAsync(string ds) =>
        (await Client.CoreV1.ListNamespacedPodAsync("default")).Items
            .Where(p => p.Metadata.OwnerReferences?.Any(o => o.Kind == "DaemonSet" && o.Name == ds) == true).ToList();

    /// <summary>Waits until the DaemonSet's live pods are bound to exactly these nodes (or at least these, with exact false).</summary>
    private async Task WaitForPodsOnNodesAsync(string ds, IReadOnlyList<string> nodes, bool exact = true)
    {
        await WaitForAsync(async () =>
        {
            var bound = (await DaemonPodsAsync(ds)).Where(p => p.Metadata.DeletionTimestamp is null).Select(p => p.Spec.NodeName ?? "").Order().ToList();
            return exact ? bound.SequenceEqual(nodes.Order()) : nodes.All(bound.Contains);
        });
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
