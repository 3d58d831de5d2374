using System.Diagnostics;
using System.Globalization;
using System.Net;
using Everynode.Cli.Server;
using Everynode.Client.Connection;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Cli.Cluster;

/// <summary>
/// Starts and stops the processes of a local cluster (one <c>everynode server</c>, one <c>everynode agent</c> per
/// node) and waits for them, recording every process in the state file as soon as it is started so that a
/// command interrupted half-way leaves nothing that <c>down</c> cannot find.
/// </summary>
internal sealed partial class LocalCluster(ClusterLayout layout, StepProgress progress, TimeProvider? time = null)
{
    private const string ListeningPrefix = "everynode server listening on ";
    private static readonly TimeSpan AgentStopGrace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan ServerStopGrace = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    public ClusterLayout Layout => layout;

    public StepProgress Progress => progress;

    /// <summary>True while the recorded server runs.</summary>
    public static bool IsRunning(ClusterState? state) => LocalProcesses.IsRunning(state?.Server);

    /// <summary>Starts <c>everynode server</c> on 127.0.0.1 and waits until the API answers.</summary>
    public async Task<ClusterState> StartServerAsync(ClusterState state, TimeSpan? nodeMonitorGracePeriod, TimeSpan timeout, CancellationToken ct)
    {
        progress.Begin("control plane");
        if (state.Port != 0 && !NodeAddresses.IsPortFree(IPAddress.Loopback, state.Port))
        {
            progress.Fail();
            throw new ClusterException($"port {state.Port} on 127.0.0.1 is in use by another program; pick another with --port N (--port 0 takes any free port)");
        }

        List<string> args = ["server", "--data-dir", layout.DataDirectory, "--port", state.Port.ToString(CultureInfo.InvariantCulture), "--bind-address", "127.0.0.1"];
        if (nodeMonitorGracePeriod is { } grace)
        {
            if (ServerSupports("--node-monitor-grace-period"))
            {
                args.AddRange(["--node-monitor-grace-period", $"{grace.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s"]);
            }
            else
            {
                progress.Note("  note: this everynode server has no --node-monitor-grace-period yet; ignored");
            }
        }

        var server = LocalProcesses.StartDetached(args, layout.LogPath("server"), Now);
        state = state with { Server = server, ServerUrl = null };
        ClusterStateFile.Save(layout, state);
        try
        {
            var url = await WaitForServerUrlAsync(server, timeout, ct);
            state = state with { ServerUrl = url };
            ClusterStateFile.Save(layout, state);
            await WaitForApiAsync(server, timeout, ct);
            progress.Succeed($"{url} (pid {server.Pid})");
            return state;
        }
        catch
        {
            progress.Fail();
            throw;
        }
    }

    /// <summary>Starts the agent of <paramref name="node"/> (unless it runs) and records it.</summary>
    public ClusterState StartNode(ClusterState state, LocalNode node)
    {
        if (LocalProcesses.IsRunning(node.Process))
        {
            return state;
        }

        var args = LocalAgentCommandLine.For(layout, state, node);
        var process = LocalProcesses.StartDetached(args, layout.LogPath(node.Name), Now);
        state = state.WithNode(node with { Process = process });
        ClusterStateFile.Save(layout, state);
        progress.Note($"  · node {node.Name}: agent started on {node.Ip} (pid {process.Pid}, log {process.LogPath})");
        return state;
    }

    /// <summary>
    /// Waits until every named node is registered and Ready. Fails early, with the tail of its log, when the server
    /// or one of the agents exits.
    /// </summary>
    public async Task WaitForNodesReadyAsync(ClusterState state, IReadOnlyCollection<string> names, TimeSpan timeout, CancellationToken ct)
    {
        if (names.Count == 0)
        {
            return;
        }

        progress.Begin(names.Count == 1 ? $"node {names.First()} Ready" : $"{names.Count} nodes Ready");
        try
        {
            using var client = CreateClient();
            var clock = Stopwatch.StartNew();
            var waitingFor = "";
            while (true)
            {
                EnsureAlive(state.Server, "the control plane");
                foreach (var name in names)
                {
                    EnsureAlive(state.FindNode(name)?.Process, $"the agent of node {name}");
                }

                var ready = await TryReadyNodesAsync(client, ct);
                if (ready is null)
                {
                    // A busy server (a hundred agents starting at once on two cores) may miss the client's
                    // timeout: that is one more poll to make, not an interruption of up.
                    progress.Update($"the API did not answer in time; waiting for {names.Count} nodes");
                    ThrowIfPast(clock, timeout, names.Count == 1 ? $"node {names.First()}" : $"{names.Count} nodes", state.Server);
                    await Task.Delay(PollInterval, ct);
                    continue;
                }

                var missing = names.Where(n => !ready.TryGetValue(n, out var r) || !r.IsReadySince(state.FindNode(n)?.Process?.StartedAt)).ToList();
                if (missing.Count == 0)
                {
                    progress.Succeed(names.Count == 1 ? null : string.Join(", ", names));
                    return;
                }

                waitingFor = string.Join(", ", missing.Select(n => ready.ContainsKey(n) ? $"{n} (not Ready yet)" : $"{n} (not registered)"));
                progress.Update($"{names.Count - missing.Count}/{names.Count}; waiting for {waitingFor}");
                if (clock.Elapsed > timeout)
                {
                    var first = state.FindNode(missing[0]);
                    throw new ClusterException($"not Ready within {timeout.TotalSeconds:0} s: {waitingFor}", first?.Process?.LogPath);
                }

                await Task.Delay(PollInterval, ct);
            }
        }
        catch
        {
            progress.Fail();
            throw;
        }
    }

    /// <summary>Stops every agent (in parallel), then the server, and forgets their processes.</summary>
    public async Task<ClusterState> StopAsync(ClusterState state, CancellationToken ct)
    {
        var running = state.Nodes.Where(n => LocalProcesses.IsRunning(n.Process)).ToList();
        if (running.Count > 0)
        {
            progress.Begin(running.Count == 1 ? "stopping 1 node" : $"stopping {running.Count} nodes");
            // Simulated nodes share one process: stop it once.
            var killed = await Task.WhenAll(running.Select(n => n.Process!).DistinctBy(p => p.Pid).Select(p => LocalProcesses.StopAsync(p, AgentStopGrace, ct)));
            progress.Succeed(killed.All(k => k) ? null : "some agents ignored SIGTERM and were killed");
        }

        if (LocalProcesses.IsRunning(state.Server))
        {
            progress.Begin("stopping the control plane");
            var clean = await LocalProcesses.StopAsync(state.Server!, ServerStopGrace, ct);
            progress.Succeed(clean ? null : "it ignored SIGTERM and was killed");
        }

        state = state with { Server = null, Supervisor = null, Nodes = [.. state.Nodes.Select(n => n with { Process = null })] };
        ClusterStateFile.Save(layout, state);
        return state;
    }

    /// <summary>Stops one node's agent, deletes its Node and the pods bound to it, and forgets it.</summary>
    public async Task<ClusterState> RemoveNodeAsync(ClusterState state, LocalNode node, CancellationToken ct)
    {
        var simulated = SharesProcess(state, node);
        if (!simulated && node.Process is { } process && LocalProcesses.IsRunning(process))
        {
            progress.Begin($"stopping the agent of {node.Name}");
            await LocalProcesses.StopAsync(process, AgentStopGrace, ct);
            progress.Succeed();
        }

        state = state.WithoutNode(node.Name);
        ClusterStateFile.Save(layout, state);
        if (simulated)
        {
            // The simulator runs a fixed set of nodes: a new one runs the others, and this one's Node is deleted below.
            state = await RestartSimulatorAsync(state, ct);
        }

        progress.Begin($"deleting Node {node.Name}");
        using var client = CreateClient();
        var deleted = await DeleteNodeAsync(client, node.Name, ct);
        await DeleteNodeCredentialAsync(client, node.Name, ct);
        progress.Succeed(deleted);
        return state;
    }

    /// <summary>A client for the cluster, as admin, from the kubeconfig the server wrote.</summary>
    public Kubernetes CreateClient() => KubernetesClientFactory.FromKubeconfig(layout.KubeconfigPath, TimeSpan.FromSeconds(10));

    /// <summary>Every registered node's name and its Ready condition.</summary>
    public static async Task<Dictionary<string, NodeReadiness>> ReadyNodesAsync(Kubernetes client, CancellationToken ct)
    {
        var nodes = await client.CoreV1.ListNodeAsync(cancellationToken: ct);
        return nodes.Items.ToDictionary(n => n.Metadata.Name, NodeReadiness.Of, StringComparer.Ordinal);
    }

    /// <summary>As <see cref="ReadyNodesAsync"/>, or null when the request failed or timed out (not cancelled).</summary>
    private static async Task<Dictionary<string, NodeReadiness>?> TryReadyNodesAsync(Kubernetes client, CancellationToken ct)
    {
        try
        {
            return await ReadyNodesAsync(client, ct);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }

    private static void ThrowIfPast(Stopwatch clock, TimeSpan timeout, string what, ProcessRecord? server)
    {
        if (clock.Elapsed > timeout)
        {
            throw new ClusterException($"{what} not Ready within {timeout.TotalSeconds:0} s: the API server did not answer", server?.LogPath);
        }
    }

    private DateTimeOffset Now => (time ?? TimeProvider.System).GetUtcNow();

    /// <summary>
    /// Deletes the Node, then the pods still bound to it with no grace: its agent is gone, so nothing would ever
    /// confirm their end (upstream leaves them to pod GC; a local node that was removed on purpose need not wait).
    /// </summary>
    private static async Task<string> DeleteNodeAsync(Kubernetes client, string name, CancellationToken ct)
    {
        string result;
        try
        {
            await client.CoreV1.DeleteNodeAsync(name, cancellationToken: ct);
            result = "deleted";
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            result = "it was not registered";
        }

        var pods = await client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"spec.nodeName={name}", cancellationToken: ct);
        foreach (var pod in pods.Items)
        {
            try
            {
                await client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, pod.Metadata.NamespaceProperty, new V1DeleteOptions { GracePeriodSeconds = 0 }, gracePeriodSeconds: 0, cancellationToken: ct);
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                // Already gone.
            }
        }

        return pods.Items.Count switch
        {
            0 => result,
            1 => $"{result}, and the pod bound to it",
            var n => $"{result}, and the {n} pods bound to it",
        };
    }

    private async Task<string> WaitForServerUrlAsync(ProcessRecord server, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var line = LocalProcesses.Tail(server.LogPath, 200).FirstOrDefault(l => l.StartsWith(ListeningPrefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line[ListeningPrefix.Length..].Trim();
            }

            EnsureAlive(server, "the control plane");
            if (clock.Elapsed > timeout)
            {
                throw new ClusterException($"the control plane did not start listening within {timeout.TotalSeconds:0} s", server.LogPath);
            }

            progress.Update($"starting (pid {server.Pid}, log {server.LogPath})");
            await Task.Delay(PollInterval, ct);
        }
    }

    private async Task WaitForApiAsync(ProcessRecord server, TimeSpan timeout, CancellationToken ct)
    {
        using var client = CreateClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await client.CoreV1.ListNamespaceAsync(limit: 1, cancellationToken: ct);
                return;
            }
            catch (HttpRequestException e) when (clock.Elapsed < timeout)
            {
                EnsureAlive(server, "the control plane");
                progress.Update($"waiting for the API ({e.Message})");
            }
            catch (HttpRequestException e)
            {
                throw new ClusterException($"the API server did not answer within {timeout.TotalSeconds:0} s: {e.Message}", server.LogPath);
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    private static void EnsureAlive(ProcessRecord? process, string what)
    {
        if (process is null)
        {
            throw new ClusterException($"{what} is not running");
        }

        if (!LocalProcesses.IsRunning(process))
        {
            throw new ClusterException($"{what} exited (pid {process.Pid}); the end of its log {process.LogPath}:", process.LogPath);
        }
    }

    /// <summary>Whether <c>everynode server</c> in this binary has a flag (the same binary runs the server).</summary>
    private static bool ServerSupports(string flag) => ServerCommand.Create().Options.Any(o => o.Name == flag || o.Aliases.Contains(flag));
}
