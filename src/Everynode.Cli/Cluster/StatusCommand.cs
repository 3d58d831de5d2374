using System.CommandLine;
using System.Globalization;
using System.Text;

namespace Everynode.Cli.Cluster;

/// <summary>
/// <c>everynode status</c>: whether the local cluster runs, where its server answers, and each node's agent
/// (pid, address) with its Node's state as the API reports it. Exits 0 when the cluster runs, 1 otherwise.
/// </summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var command = new Command("status", "Tell whether the local cluster runs, its server URL, and its nodes.")
        {
            ClusterCommandOptions.DataDir,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var layout = new ClusterLayout(parse.GetValue(ClusterCommandOptions.DataDir)!);
        ClusterState? state;
        try
        {
            state = ClusterStateFile.Load(layout);
        }
        catch (InvalidDataException e)
        {
            await ClusterErrors.ReportAsync(e);
            return 1;
        }

        if (state is null)
        {
            Console.WriteLine($"No cluster in {layout.DataDirectory} ({SelfName.Hint("up", layout)} starts one).");
            return 1;
        }

        var running = LocalCluster.IsRunning(state);
        Dictionary<string, NodeReadiness>? registered = null;
        string? apiError = null;
        if (running)
        {
            try
            {
                using var client = new LocalCluster(layout, StepProgress.ForConsole()).CreateClient();
                registered = await LocalCluster.ReadyNodesAsync(client, ct);
            }
            catch (Exception e) when (e is HttpRequestException or k8s.Autorest.HttpOperationException or IOException)
            {
                apiError = e.Message;
            }
        }

        Console.Write(Render(layout, state, running, registered, apiError));
        return running ? 0 : 1;
    }

    internal static string Render(ClusterLayout layout, ClusterState state, bool running, IReadOnlyDictionary<string, NodeReadiness>? registered, string? apiError)
    {
        var text = new StringBuilder();
        var how = !running ? "stopped"
            : LocalProcesses.IsRunning(state.Supervisor) ? $"running (in the foreground of pid {state.Supervisor!.Pid})"
            : "running (detached)";
        text.AppendLine(CultureInfo.InvariantCulture, $"cluster:    {how}");
        text.AppendLine(CultureInfo.InvariantCulture, $"data:       {layout.DataDirectory}");
        if (running)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"server:     {state.ServerUrl} (pid {state.Server!.Pid}, log {state.Server.LogPath})");
            text.AppendLine(CultureInfo.InvariantCulture, $"kubeconfig: {layout.KubeconfigPath}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"runtime:    {state.Runtime}");
        if (apiError is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"api:        not answering ({apiError})");
        }

        List<string[]> rows = [["NODE", "IP", "PID", "AGENT", "STATUS"]];
        foreach (var node in state.Nodes.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var agentRunning = LocalProcesses.IsRunning(node.Process);
            var status = registered is null ? "-"
                : !registered.TryGetValue(node.Name, out var ready) ? "not registered"
                : ready.Ready ? "Ready" : "NotReady";
            rows.Add([node.Name, node.Ip, agentRunning ? node.Process!.Pid.ToString(CultureInfo.InvariantCulture) : "-", agentRunning ? "running" : "stopped", status]);
        }

        // Nodes that joined from elsewhere (an agent started by hand) are part of the cluster too.
        foreach (var (name, ready) in (registered ?? new Dictionary<string, NodeReadiness>()).Where(r => state.FindNode(r.Key) is null).OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            rows.Add([name, "-", "-", "not local", ready.Ready ? "Ready" : "NotReady"]);
        }

        text.AppendLine();
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("   ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i]))));
        }

        return text.ToString();
    }
}
