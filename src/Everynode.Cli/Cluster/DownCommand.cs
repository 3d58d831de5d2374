using System.CommandLine;

namespace Everynode.Cli.Cluster;

/// <summary><c>everynode down</c>: stops the local cluster's agents, then its server; the data stays.</summary>
internal static class DownCommand
{
    public static Command Create()
    {
        var command = new Command("down", "Stop the local cluster started by 'everynode up' (its data stays for the next up).")
        {
            ClusterCommandOptions.DataDir,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        var layout = new ClusterLayout(parse.GetValue(ClusterCommandOptions.DataDir)!);
        try
        {
            using (await ClusterStateFile.LockAsync(layout, ct))
            {
                var state = ClusterStateFile.Load(layout);
                if (state is null)
                {
                    Console.WriteLine($"No cluster in {layout.DataDirectory}; nothing to stop.");
                    return 0;
                }

                var anything = state.Server is not null || state.Nodes.Any(n => n.Process is not null);
                await new LocalCluster(layout, StepProgress.ForConsole()).StopAsync(state, ct);
                Console.WriteLine(anything
                    ? $"Stopped; the data stays in {layout.DataDirectory} ({SelfName.Hint("up", layout)} starts it again)."
                    : "The cluster was not running.");
                return 0;
            }
        }
        catch (Exception e) when (e is InvalidDataException or IOException or OperationCanceledException)
        {
            await ClusterErrors.ReportAsync(e);
            return 1;
        }
    }
}
