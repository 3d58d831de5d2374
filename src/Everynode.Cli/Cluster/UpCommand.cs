using System.CommandLine;

namespace Everynode.Cli.Cluster;

/// <summary>
/// <c>everynode up</c>: a local cluster in one command — the control plane and N node agents on this machine,
/// Ready, with kubectl pointed at it. Idempotent: on a running cluster it starts only what is missing.
/// </summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var command = new Command("up", "Start a local cluster: the control plane and N nodes on this machine, and point kubectl at it.")
        {
            ClusterCommandOptions.Nodes,
            ClusterCommandOptions.Runtime,
            ClusterCommandOptions.DataDir,
            ClusterCommandOptions.Port,
            ClusterCommandOptions.Kubeconfig,
            ClusterCommandOptions.ControlPlaneNode,
            ClusterCommandOptions.Detach,
            ClusterCommandOptions.NodeMonitorGracePeriod,
            ClusterCommandOptions.Timeout,
            ClusterCommandOptions.RegistryConfig,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var settings = new ClusterSettings
        {
            DataDirectory = parse.GetValue(ClusterCommandOptions.DataDir)!,
            Workers = parse.GetValue(ClusterCommandOptions.Nodes),
            Runtime = parse.GetValue(ClusterCommandOptions.Runtime),
            Port = parse.GetValue(ClusterCommandOptions.Port),
            KubeconfigPath = parse.GetValue(ClusterCommandOptions.Kubeconfig),
            ControlPlaneNode = parse.GetValue(ClusterCommandOptions.ControlPlaneNode),
            Detach = parse.GetValue(ClusterCommandOptions.Detach),
            NodeMonitorGracePeriod = parse.GetValue(ClusterCommandOptions.NodeMonitorGracePeriod),
            ReadyTimeout = parse.GetValue(ClusterCommandOptions.Timeout),
            RegistryConfig = parse.GetValue(ClusterCommandOptions.RegistryConfig),
        };
        try
        {
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        var layout = new ClusterLayout(settings.DataDirectory);
        if (settings.RegistryConfig is { } registryConfig && !await KeepRegistryConfigAsync(registryConfig, layout))
        {
            return 2;
        }

        var progress = StepProgress.ForConsole();
        var cluster = new LocalCluster(layout, progress);
        Console.WriteLine($"everynode up: local cluster in {layout.DataDirectory}");
        ClusterState state;
        string kubeconfig;
        var wasRunning = false;
        try
        {
            using (await ClusterStateFile.LockAsync(layout, ct))
            {
                var loaded = ClusterStateFile.Load(layout);
                wasRunning = LocalCluster.IsRunning(loaded);
                state = wasRunning
                    ? await KeepRunningAsync(cluster, loaded!, settings, ct)
                    : await StartAsync(cluster, loaded, settings, ct);
                kubeconfig = WriteKubeconfig(layout, settings, progress);
            }
        }
        catch (Exception e) when (e is ClusterException or InvalidDataException or IOException or OperationCanceledException
            || (e is k8s.Autorest.HttpOperationException or HttpRequestException))
        {
            await ClusterErrors.ReportAsync(e);
            if (!wasRunning)
            {
                // Nothing half-started stays behind; the data does.
                await StopAfterFailureAsync(cluster, layout);
            }

            return e is OperationCanceledException ? 130 : 1;
        }

        PrintNextSteps(layout, state, kubeconfig, settings.KubeconfigPath is not null);
        if (settings.Detach || wasRunning)
        {
            return 0;
        }

        return await new ForegroundSupervisor(cluster).RunAsync(ct);
    }

    /// <summary>
    /// Checks a registries.yaml as the agents will read it (relative paths from the data folder, where it is kept)
    /// and keeps it as DATA/registries.yaml; false, having said why, when it does not parse.
    /// </summary>
    private static async Task<bool> KeepRegistryConfigAsync(string file, ClusterLayout layout)
    {
        try
        {
            var text = await File.ReadAllTextAsync(file);
            Everynode.Agent.Images.Registry.RegistryConfig.Parse(text, Path.GetFullPath(file), layout.DataDirectory);
            Directory.CreateDirectory(layout.DataDirectory);
            var temp = layout.RegistryConfigPath + ".tmp";
            await File.WriteAllTextAsync(temp, text);
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite); // it may hold credentials
            File.Move(temp, layout.RegistryConfigPath, overwrite: true);
            return true;
        }
        catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"error: --registry-config: {e.Message}");
            return false;
        }
    }

    /// <summary>Starts a stopped (or new) cluster: prerequisites, the control plane, then every node.</summary>
    private static async Task<ClusterState> StartAsync(LocalCluster cluster, ClusterState? loaded, ClusterSettings settings, CancellationToken ct)
    {
        var progress = cluster.Progress;
        var state = new ClusterState
        {
            Runtime = settings.Runtime ?? loaded?.Runtime ?? ClusterSettings.ProcessRuntime,
            Port = settings.Port ?? loaded?.Port ?? 6443,
            Nodes = loaded?.Nodes ?? [],
        };
        state = state with
        {
            Runtime = await Prerequisites.EnsureAsync(state.Runtime, settings.Runtime is not null, cluster.Layout, progress, ct),
        };
        state = await cluster.StartServerAsync(state, settings.NodeMonitorGracePeriod, settings.ReadyTimeout, ct);
        var requested = loaded is null ? settings with { Workers = settings.Workers ?? ClusterSettings.DefaultWorkers } : settings;
        return await StartNodesAsync(cluster, WithRequestedNodes(state, requested), settings, ct);
    }

    /// <summary>The cluster runs: start only what is missing (nodes asked for now, agents that died).</summary>
    private static async Task<ClusterState> KeepRunningAsync(LocalCluster cluster, ClusterState state, ClusterSettings settings, CancellationToken ct)
    {
        var progress = cluster.Progress;
        progress.Note($"  the cluster is already running: {state.ServerUrl} (server pid {state.Server!.Pid})");
        if (settings.Runtime is { } runtime && runtime != state.Runtime)
        {
            progress.Note($"  note: it runs with the {state.Runtime} runtime; to change it: {SelfName.Hint("down", cluster.Layout)}, then up --runtime {runtime}");
        }

        if (settings.RegistryConfig is not null)
        {
            progress.Note($"  note: nodes that run already keep the registry configuration they started with; nodes started from now on get the new one (to restart all: {SelfName.Hint("down", cluster.Layout)}, then up)");
        }

        if (settings.Port is { } port && port != 0 && port != state.Port)
        {
            progress.Note($"  note: it listens on port {state.Port}; to change it: {SelfName.Hint("down", cluster.Layout)}, then up --port {port}");
        }

        return await StartNodesAsync(cluster, WithRequestedNodes(state, settings), settings, ct);
    }

    private static async Task<ClusterState> StartNodesAsync(LocalCluster cluster, ClusterState state, ClusterSettings settings, CancellationToken ct)
    {
        ClusterStateFile.Save(cluster.Layout, state);
        await cluster.EnsureJoinTokenAsync(ct);
        state = await cluster.StartNodesAsync(state, ct);

        await cluster.WaitForNodesReadyAsync(state, [.. state.Nodes.Select(n => n.Name)], settings.ReadyTimeout, ct);
        return state;
    }

    /// <summary>
    /// Adds the nodes this <c>up</c> asks for that the cluster does not have yet: workers up to <c>--nodes</c>, and
    /// the control-plane node. Nodes the cluster already has (added earlier with <c>node add</c>) stay; nodes it
    /// lost with <c>node remove</c> come back only when <c>--nodes</c> asks for them again.
    /// </summary>
    internal static ClusterState WithRequestedNodes(ClusterState state, ClusterSettings settings, Func<string, bool>? addressFree = null)
    {
        var wanted = Enumerable.Range(0, settings.Workers ?? 0).Select(i => new LocalNode { Name = ClusterSettings.WorkerName(i), Ip = "" }).ToList();
        if (settings.ControlPlaneNode)
        {
            wanted.Insert(0, new LocalNode
            {
                Name = ClusterSettings.ControlPlaneNodeName,
                Ip = "",
                Labels = [$"{ClusterSettings.ControlPlaneRole}="],
                Taints = [$"{ClusterSettings.ControlPlaneRole}:NoSchedule"],
            });
        }

        foreach (var node in wanted.Where(n => state.FindNode(n.Name) is null))
        {
            var ip = NodeAddresses.Next(state.Nodes.Select(n => n.Ip), ClusterSettings.AgentPort,
                addressFree is null ? null : (address, _) => addressFree(address.ToString()));
            state = state.WithNode(node with { Ip = ip });
        }

        return state;
    }

    /// <summary>Merges the cluster's kubeconfig into the user's (or only into <c>--kubeconfig PATH</c>); returns the file.</summary>
    private static string WriteKubeconfig(ClusterLayout layout, ClusterSettings settings, StepProgress progress)
    {
        var target = settings.KubeconfigPath is { } path ? Path.GetFullPath(path) : UserKubeconfig.DefaultPath();
        progress.Begin("kubeconfig");
        UserKubeconfig.MergeInto(target, File.ReadAllText(layout.KubeconfigPath));
        progress.Succeed($"context \"everynode\" in {target} (current context)");
        return target;
    }

    private static void PrintNextSteps(ClusterLayout layout, ClusterState state, string kubeconfig, bool ownFile)
    {
        var kubectl = ownFile ? $"kubectl --kubeconfig {kubeconfig}" : "kubectl";
        var nodes = state.Nodes.Count == 1 ? "1 node" : $"{state.Nodes.Count} nodes";
        Console.WriteLine();
        Console.WriteLine($"The cluster is up: {state.ServerUrl}, {nodes} Ready ({state.Runtime} runtime).");
        Console.WriteLine("Try:");
        Console.WriteLine($"  {kubectl} get nodes");
        if (File.Exists(Path.Combine("examples", "node-agent.yaml")))
        {
            Console.WriteLine($"  {kubectl} apply -f examples/node-agent.yaml      # one pod on every node");
        }

        Console.WriteLine($"  {SelfName.Hint("node add worker-9", layout)}   # and one more appears");
        Console.WriteLine("  docs/tutorial.md walks through DaemonSets on this cluster.");
        Console.WriteLine($"{SelfName.Hint("status", layout)} tells how it runs; {SelfName.Hint("down", layout)} stops it (the data stays).");
        Console.Out.Flush();
    }

    private static async Task StopAfterFailureAsync(LocalCluster cluster, ClusterLayout layout)
    {
        if (ClusterStateFile.Load(layout) is not { } started)
        {
            return;
        }

        using (await ClusterStateFile.LockAsync(layout, CancellationToken.None))
        {
            await cluster.StopAsync(started, CancellationToken.None);
        }

        await Console.Error.WriteLineAsync($"Stopped what was started; the data stays in {layout.DataDirectory}.");
    }
}
