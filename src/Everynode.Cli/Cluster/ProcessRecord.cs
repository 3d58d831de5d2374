namespace Everynode.Cli.Cluster;

/// <summary>
/// A process this cluster started. The start time (from <c>/proc/PID/stat</c>) tells it apart from an unrelated
/// process that later got the same pid, so nothing else is ever signalled. <see cref="StartedAt"/> is the wall-clock
/// time it was started, so that what it reports can be told from what an earlier run left in the datastore.
/// </summary>
internal sealed record ProcessRecord(int Pid, long StartTime, IReadOnlyList<string> Arguments, string LogPath)
{
    public DateTimeOffset? StartedAt { get; init; }
}
