using System.CommandLine;
using Everynode.Api.Validation;
using Everynode.Cli.Agent;

namespace Everynode.Cli.Cluster;

/// <summary><c>everynode node add|remove NAME</c>: local nodes joining and leaving a running cluster.</summary>
internal static class NodeCommand
{
    public static Command Create()
    {
        var add = new Command("add", "Start one more local node on the running cluster and wait until it is Ready.")
        {
            ClusterCommandOptions.NodeName,
            ClusterCommandOptions.Labels,
            ClusterCommandOptions.Taints,
            ClusterCommandOptions.Cpu,
            ClusterCommandOptions.Memory,
            ClusterCommandOptions.MaxPods,
            ClusterCommandOptions.DataDir,
            ClusterCommandOptions.Timeout,
        };
        add.SetAction(AddAsync);
        var remove = new Command("remove", "Stop a local node's agent, delete its Node (and the pods bound to it), and forget it.")
        {
            ClusterCommandOptions.NodeName,
            ClusterCommandOptions.DataDir,
        };
        remove.SetAction(RemoveAsync);
        return new Command("node", "Add or remove nodes of the local cluster.") { add, remove };
    }

    private static async Task<int> AddAsync(ParseResult parse, CancellationToken ct)
    {
        var name = parse.GetValue(ClusterCommandOptions.NodeName)!;
        if (FormatChecks.IsDns1123Subdomain(name) is { Count: > 0 } problems)
        {
            await Console.Error.WriteLineAsync($"error: node name \"{name}\": {string.Join("; ", problems)}");
            return 2;
        }

        var labels = SplitList(parse.GetValue(ClusterCommandOptions.Labels));
        var taints = SplitList(parse.GetValue(ClusterCommandOptions.Taints));
        var cpu = parse.GetValue(ClusterCommandOptions.Cpu);
        var memory = parse.GetValue(ClusterCommandOptions.Memory);
        try
        {
            // The agent's own parsers: what passes here, the agent accepts.
            AgentArguments.ParseLabels(labels);
            AgentArguments.ParseTaints(taints);
            _ = cpu is null ? 0 : AgentArguments.ParseQuantity("--cpu", cpu, 1000m);
            _ = memory is null ? 0 : AgentArguments.ParseQuantity("--memory", memory, 1m);
            if (parse.GetValue(ClusterCommandOptions.MaxPods) is < 1)
            {
                throw new ArgumentException("--max-pods must be at least 1");
            }
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message.Replace("--register-with-taints", "--taints", StringComparison.Ordinal)}");
            return 2;
        }

        var layout = new ClusterLayout(parse.GetValue(ClusterCommandOptions.DataDir)!);
        var cluster = new LocalCluster(layout, StepProgress.ForConsole());
        var added = false;
        try
        {
            using (await ClusterStateFile.LockAsync(layout, ct))
            {
                var state = RunningState(layout);
                if (state.FindNode(name) is not null)
                {
                    throw new ClusterException($"the cluster already has a node {name} ({SelfName.Hint($"node remove {name}", layout)} first)");
                }

                using (var client = cluster.CreateClient())
                {
                    if ((await LocalCluster.ReadyNodesAsync(client, ct)).ContainsKey(name))
                    {
                        throw new ClusterException($"a Node named {name} is already registered (kubectl delete node {name} first)");
                    }
                }

                var node = new LocalNode
                {
                    Name = name,
                    Ip = NodeAddresses.Next(state.Nodes.Select(n => n.Ip), ClusterSettings.AgentPort),
                    Labels = labels,
                    Taints = taints,
                    Cpu = cpu,
                    Memory = memory,
                    MaxPods = parse.GetValue(ClusterCommandOptions.MaxPods),
                };
                await cluster.EnsureJoinTokenAsync(ct);
                state = cluster.StartNode(state, node);
                added = true;
                await cluster.WaitForNodesReadyAsync(state, [name], parse.GetValue(ClusterCommandOptions.Timeout), ct);
                Console.WriteLine($"Node {name} joined ({node.Ip}); DaemonSets place their pods on it now (kubectl get pods -o wide).");
                return 0;
            }
        }
        catch (Exception e) when (e is ClusterException or InvalidDataException or IOException or OperationCanceledException
            or HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            await ClusterErrors.ReportAsync(e);
            if (added)
            {
                // A node that never became Ready is not kept: its flags or its address were wrong.
                await ForgetAsync(cluster, name);
            }

            return 1;
        }
    }

    private static async Task<int> RemoveAsync(ParseResult parse, CancellationToken ct)
    {
        var name = parse.GetValue(ClusterCommandOptions.NodeName)!;
        var layout = new ClusterLayout(parse.GetValue(ClusterCommandOptions.DataDir)!);
        var cluster = new LocalCluster(layout, StepProgress.ForConsole());
        try
        {
            using (await ClusterStateFile.LockAsync(layout, ct))
            {
                var state = RunningState(layout);
                var node = state.FindNode(name) ?? throw new ClusterException(
                    $"{name} is not a local node of this cluster (local nodes: {string.Join(", ", state.Nodes.Select(n => n.Name))}); "
                    + $"a Node that joined from elsewhere goes with kubectl delete node {name}");
                await cluster.RemoveNodeAsync(state, node, ct);
                DeleteNodeDirectory(layout, name);
                Console.WriteLine($"Node {name} left the cluster.");
                return 0;
            }
        }
        catch (Exception e) when (e is ClusterException or InvalidDataException or IOException or OperationCanceledException
            or HttpRequestException or k8s.Autorest.HttpOperationException)
        {
            await ClusterErrors.ReportAsync(e);
            return 1;
        }
    }

    private static ClusterState RunningState(ClusterLayout layout)
    {
        var state = ClusterStateFile.Load(layout);
        if (!LocalCluster.IsRunning(state))
        {
            throw new ClusterException($"the cluster in {layout.DataDirectory} is not running ({SelfName.Hint("up", layout)} starts it)");
        }

        return state!;
    }

    private static async Task ForgetAsync(LocalCluster cluster, string name)
    {
        using (await ClusterStateFile.LockAsync(cluster.Layout, CancellationToken.None))
        {
            if (ClusterStateFile.Load(cluster.Layout) is { } state && state.FindNode(name) is { } node)
            {
                await cluster.RemoveNodeAsync(state, node, CancellationToken.None);
                DeleteNodeDirectory(cluster.Layout, name);
            }
        }
    }

    /// <summary>A removed node's folder goes with it, so a node added later under the same name starts afresh.</summary>
    private static void DeleteNodeDirectory(ClusterLayout layout, string name)
    {
        var directory = layout.NodeDirectory(name);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string[] SplitList(string[]? values) =>
        [.. (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];
}
