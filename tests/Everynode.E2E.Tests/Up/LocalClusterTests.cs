using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Up;

/// <summary>
/// <c>everynode up</c>, <c>status</c>, <c>node add/remove</c> and <c>down</c> as a user runs them: the real binary,
/// real agents (simulated runtime) and the real kubectl.
/// </summary>
[Collection(LocalClustersDefinition.Name)]
public sealed class LocalClusterTests
{
    [Fact]
    public async Task UpDetach_ThreeNodes_AreReady_NodesJoinAndLeave_AndStateSurvivesDownUp()
    {
        await using var cluster = new LocalClusterRun();

        var up = (await cluster.UpAsync("--nodes", "3", "--runtime", "simulated")).EnsureSuccess();
        Assert.Contains("The cluster is up", up.Stdout, StringComparison.Ordinal);
        Assert.Equal(
            new Dictionary<string, string> { ["worker-0"] = "True", ["worker-1"] = "True", ["worker-2"] = "True" },
            await cluster.NodeStatusesAsync());
        var addresses = await cluster.Kubectl.SucceedAsync("get", "nodes", "-o", "jsonpath={.items[*].status.addresses[?(@.type==\"InternalIP\")].address}");
        // Each node reports the address up recorded for it: 127.0.1.1 … unless another cluster on this machine has
        // an agent there already.
        var recorded = cluster.State!.Nodes.Select(n => n.Ip).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(recorded, addresses.Stdout.Split(' ').Order(StringComparer.Ordinal));
        Assert.All(recorded, ip => Assert.StartsWith("127.0.1.", ip, StringComparison.Ordinal));

        var status = (await cluster.CommandAsync("status")).EnsureSuccess();
        Assert.Contains("cluster:    running (detached)", status.Stdout, StringComparison.Ordinal);
        Assert.Contains($"https://127.0.0.1:{cluster.Port}", status.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"worker-1\s+{cluster.State.FindNode("worker-1")!.Ip.Replace(".", "\\.", StringComparison.Ordinal)}\s+\d+\s+running\s+Ready", status.Stdout);

        // up again is idempotent: it says so and starts nothing new.
        var pids = cluster.State!.Nodes.Select(n => n.Process!.Pid).ToList();
        var again = (await cluster.UpAsync("--nodes", "3", "--runtime", "simulated")).EnsureSuccess();
        Assert.Contains("already running", again.Stdout, StringComparison.Ordinal);
        Assert.Equal(pids, cluster.State!.Nodes.Select(n => n.Process!.Pid));

        (await cluster.Kubectl.ApplyAsync(Manifests.Namespace("kept"))).EnsureSuccess();
        (await cluster.Kubectl.ApplyAsync(Manifests.FluentdDaemonSet("kept", "fluentd"))).EnsureSuccess();
        await LocalClusterWait.DaemonSetAsync(cluster, "kept", "fluentd", desired: 3);

        (await cluster.CommandAsync("node", "add", "edge-1", "--labels", "disk=ssd,zone=a")).EnsureSuccess();
        Assert.Equal(4, (await cluster.NodeStatusesAsync()).Count(n => n.Value == "True"));
        Assert.Equal("ssd", (await cluster.Kubectl.SucceedAsync("get", "node", "edge-1", "-o", "jsonpath={.metadata.labels.disk}")).Stdout);
        await LocalClusterWait.DaemonSetAsync(cluster, "kept", "fluentd", desired: 4);

        var removed = (await cluster.CommandAsync("node", "remove", "worker-1")).EnsureSuccess();
        Assert.Contains("worker-1 left", removed.Stdout, StringComparison.Ordinal);
        var gone = await cluster.Kubectl.RunAsync("get", "node", "worker-1");
        Assert.NotEqual(0, gone.ExitCode);
        Assert.Contains("NotFound", gone.Stderr, StringComparison.Ordinal);
        Assert.Equal(["edge-1", "worker-0", "worker-2"], (await cluster.NodeStatusesAsync()).Keys.Order(StringComparer.Ordinal));
        await LocalClusterWait.DaemonSetAsync(cluster, "kept", "fluentd", desired: 3);
        var podNodes = await cluster.Kubectl.SucceedAsync("get", "pods", "-n", "kept", "-o", "jsonpath={.items[*].spec.nodeName}");
        Assert.DoesNotContain("worker-1", podNodes.Stdout, StringComparison.Ordinal);

        // The simulator was restarted without worker-1; worker-2 kept its address.
        var worker2 = await cluster.Kubectl.SucceedAsync("get", "node", "worker-2", "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}");
        Assert.Equal(cluster.State!.FindNode("worker-2")!.Ip, worker2.Stdout);

        var down = (await cluster.CommandAsync("down")).EnsureSuccess();
        Assert.Contains("Stopped", down.Stdout, StringComparison.Ordinal);
        Assert.All(pids, pid => Assert.False(File.Exists($"/proc/{pid}/stat") && !IsZombie(pid), $"agent pid {pid} still runs after down"));
        var stopped = await cluster.CommandAsync("status");
        Assert.Equal(1, stopped.ExitCode);
        Assert.Contains("cluster:    stopped", stopped.Stdout, StringComparison.Ordinal);

        // The next up brings back the same cluster: the objects, and the node added with node add (its labels too).
        (await cluster.UpAsync("--runtime", "simulated")).EnsureSuccess();
        Assert.Equal(["edge-1", "worker-0", "worker-2"], (await cluster.NodeStatusesAsync()).Keys.Order(StringComparer.Ordinal));
        Assert.Equal("ssd", (await cluster.Kubectl.SucceedAsync("get", "node", "edge-1", "-o", "jsonpath={.metadata.labels.disk}")).Stdout);
        Assert.Equal("fluentd", (await cluster.Kubectl.SucceedAsync("get", "ds", "-n", "kept", "-o", "jsonpath={.items[*].metadata.name}")).Stdout);
        await LocalClusterWait.DaemonSetAsync(cluster, "kept", "fluentd", desired: 3);
    }

    [Fact]
    public async Task Up_ControlPlaneNode_IsLabelledAndTainted_AndKubeconfigFileKeepsOtherEntries()
    {
        await using var cluster = new LocalClusterRun();
        await File.WriteAllTextAsync(cluster.KubeconfigPath, """
            apiVersion: v1
            kind: Config
            clusters:
            - name: elsewhere
              cluster: {server: "https://elsewhere.example:6443"}
            users:
            - name: someone
              user: {token: abc}
            contexts:
            - name: elsewhere
              context: {cluster: elsewhere, user: someone}
            current-context: elsewhere
            """);

        (await cluster.UpAsync("--nodes", "1", "--runtime", "simulated", "--control-plane-node")).EnsureSuccess();

        var contexts = await cluster.Kubectl.SucceedAsync("config", "get-contexts", "-o", "name");
        Assert.Equal(["elsewhere", "everynode"], contexts.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
        Assert.Equal("everynode", (await cluster.Kubectl.SucceedAsync("config", "current-context")).Stdout.Trim());
        Assert.Equal(["control-plane", "worker-0"], (await cluster.NodeStatusesAsync()).Keys.Order(StringComparer.Ordinal));
        var taints = await cluster.Kubectl.SucceedAsync("get", "node", "control-plane", "-o", "jsonpath={.spec.taints[*].key}:{.spec.taints[*].effect}");
        Assert.Equal("node-role.kubernetes.io/control-plane:NoSchedule", taints.Stdout);
        var labels = await cluster.Kubectl.SucceedAsync("get", "nodes", "-l", "node-role.kubernetes.io/control-plane", "-o", "name");
        Assert.Equal("node/control-plane", labels.Stdout.Trim());
    }

    [Fact]
    public async Task Up_PortInUse_SaysSo_AndLeavesNothingRunning()
    {
        await using var cluster = new LocalClusterRun();
        using var squatter = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, cluster.Port);
        squatter.Start();

        var up = await cluster.UpAsync("--nodes", "1", "--runtime", "simulated");

        Assert.Equal(1, up.ExitCode);
        Assert.Contains($"port {cluster.Port} on 127.0.0.1 is in use", up.Stderr, StringComparison.Ordinal);
        Assert.Null(cluster.State?.Server);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z');
        }
        catch (IOException)
        {
            return true;
        }
    }
}
