namespace Everynode.Cli.Cluster;

/// <summary>
/// What <c>everynode up</c> does in the foreground once the cluster is Ready: it watches the cluster's processes
/// (re-reading the state file, so nodes added or removed meanwhile count) and stops everything on Ctrl-C or
/// SIGTERM. It says when an agent exits, stops the cluster when the control plane exits, and returns quietly when
/// <c>everynode down</c> stopped the cluster from elsewhere.
/// </summary>
internal sealed class ForegroundSupervisor(LocalCluster cluster)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var layout = cluster.Layout;
        using (await ClusterStateFile.LockAsync(layout, ct))
        {
            if (ClusterStateFile.Load(layout) is { } state)
            {
                ClusterStateFile.Save(layout, state with { Supervisor = LocalProcesses.Self() });
            }
        }

        Console.WriteLine($"Running in the foreground: Ctrl-C stops the cluster (up --detach returns instead). Logs: {layout.LogDirectory}");
        await Console.Out.FlushAsync(CancellationToken.None);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            while (true)
            {
                await Task.Delay(CheckInterval, ct);
                var state = ClusterStateFile.Load(layout);
                if (state?.Server is null)
                {
                    Console.WriteLine("The cluster was stopped (everynode down).");
                    return 0;
                }

                if (!LocalProcesses.IsRunning(state.Server))
                {
                    await ClusterErrors.ReportAsync(new ClusterException($"the control plane exited (pid {state.Server.Pid}); stopping the nodes. The end of its log {state.Server.LogPath}:", state.Server.LogPath));
                    await StopAsync(CancellationToken.None);
                    return 1;
                }

                foreach (var node in state.Nodes.Where(n => n.Process is not null && !LocalProcesses.IsRunning(n.Process) && reported.Add(n.Name)))
                {
                    await ClusterErrors.ReportAsync(new ClusterException($"the agent of node {node.Name} exited (pid {node.Process!.Pid}); the end of its log {node.Process.LogPath}:", node.Process.LogPath));
                    await Console.Error.WriteLineAsync($"  `{SelfName.Hint("up", layout)}` starts it again.");
                }

                reported.RemoveWhere(name => state.FindNode(name) is not { } n || LocalProcesses.IsRunning(n.Process));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.WriteLine();
            Console.WriteLine("Stopping the cluster…");
            await StopAsync(CancellationToken.None);
            Console.WriteLine($"Stopped; the data stays in {layout.DataDirectory} ({SelfName.Hint("up", layout)} starts it again).");
            return 0;
        }
    }

    private async Task StopAsync(CancellationToken ct)
    {
        using (await ClusterStateFile.LockAsync(cluster.Layout, ct))
        {
            if (ClusterStateFile.Load(cluster.Layout) is { } state)
            {
                await cluster.StopAsync(state, ct);
            }
        }
    }
}
