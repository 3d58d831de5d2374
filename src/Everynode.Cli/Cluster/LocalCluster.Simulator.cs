namespace Everynode.Cli.Cluster;

/// <summary>
/// With the simulated runtime, the plain nodes of a local cluster (no labels, taints or capacity of their own) all run
/// in one <c>everynode sim</c> process instead of one agent each: a hundred nodes cost one process, not a hundred.
/// Every such node records that process. A simulator hosts a fixed set of nodes, so changing the set (a node
/// removed, a dead simulator) starts a new one for the whole set; it takes over the existing Nodes as an agent does.
/// </summary>
internal sealed partial class LocalCluster
{
    /// <summary>Whether <paramref name="node"/> runs in the cluster's simulator (else in an agent of its own).</summary>
    public static bool RunsInSimulator(ClusterState state, LocalNode node) =>
        state.Runtime == ClusterSettings.SimulatedRuntime
        && node.Labels.Count == 0 && node.Taints.Count == 0 && node.Cpu is null && node.Memory is null && node.MaxPods is null;

    /// <summary>Starts every node's process that does not run: the simulator for its nodes, an agent for each other.</summary>
    public async Task<ClusterState> StartNodesAsync(ClusterState state, CancellationToken ct)
    {
        foreach (var node in state.Nodes.Where(n => !RunsInSimulator(state, n)).ToList())
        {
            state = StartNode(state, node);
        }

        var simulated = state.Nodes.Where(n => RunsInSimulator(state, n)).ToList();
        if (simulated.Count > 0 && simulated.Any(n => !LocalProcesses.IsRunning(n.Process)))
        {
            state = await RestartSimulatorAsync(state, ct);
        }

        return state;
    }

    /// <summary>True when <paramref name="node"/>'s process also runs other nodes (it is the simulator).</summary>
    public static bool SharesProcess(ClusterState state, LocalNode node) =>
        node.Process is { } process && state.Nodes.Any(n => n.Name != node.Name && n.Process?.Pid == process.Pid);

    /// <summary>Stops the simulator (if it runs) and starts one for the simulated nodes <paramref name="state"/> lists now.</summary>
    public async Task<ClusterState> RestartSimulatorAsync(ClusterState state, CancellationToken ct)
    {
        var nodes = state.Nodes.Where(n => RunsInSimulator(state, n)).ToList();
        foreach (var running in nodes.Select(n => n.Process).OfType<ProcessRecord>().DistinctBy(p => p.Pid).Where(LocalProcesses.IsRunning))
        {
            await LocalProcesses.StopAsync(running, AgentStopGrace, ct);
        }

        if (nodes.Count == 0)
        {
            return state;
        }

        List<string> args = ["sim", "--kubeconfig", layout.KubeconfigPath];

        // Each node keeps its own address; in pieces, since one argument may not exceed 128 KiB.
        foreach (var chunk in nodes.Select(n => string.IsNullOrEmpty(n.Ip) ? n.Name : $"{n.Name}={n.Ip}").Chunk(1000))
        {
            args.AddRange(["--names", string.Join(',', chunk)]);
        }

        var process = LocalProcesses.StartDetached(args, layout.LogPath("simulator"), Now);
        foreach (var node in nodes)
        {
            state = state.WithNode(node with { Process = process });
        }

        ClusterStateFile.Save(layout, state);
        progress.Note($"  · {nodes.Count} simulated nodes: simulator started (pid {process.Pid}, log {process.LogPath})");
        return state;
    }
}
