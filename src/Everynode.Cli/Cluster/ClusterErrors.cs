namespace Everynode.Cli.Cluster;

/// <summary>How the cluster commands report a failure: one line saying what is wrong, then the end of the log of
/// the process that failed, when there is one.</summary>
internal static class ClusterErrors
{
    private const int TailLines = 20;

    public static async Task ReportAsync(Exception e)
    {
        if (e is OperationCanceledException)
        {
            await Console.Error.WriteLineAsync("interrupted");
            return;
        }

        await Console.Error.WriteLineAsync($"error: {e.Message}");
        if (e is ClusterException { LogPath: { } log })
        {
            foreach (var line in LocalProcesses.Tail(log, TailLines))
            {
                await Console.Error.WriteLineAsync($"  | {line}");
            }
        }
    }
}
