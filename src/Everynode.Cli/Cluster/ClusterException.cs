namespace Everynode.Cli.Cluster;

/// <summary>
/// A local cluster could not be brought to the state asked for. The message says what is missing; when a
/// process of the cluster failed, <see cref="LogPath"/> names its log so the tail can be shown.
/// </summary>
internal sealed class ClusterException : Exception
{
    public ClusterException(string message, string? logPath = null) : base(message) => LogPath = logPath;

    public ClusterException() { }

    public ClusterException(string message, Exception inner) : base(message, inner) { }

    public string? LogPath { get; }
}
