using System.Net;

namespace Everynode.ApiServer;

/// <summary>Settings of the API server; validated once at start-up.</summary>
public sealed record ApiServerOptions
{
    /// <summary>Folder for the datastore, certificates, token and kubeconfig.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>HTTPS port; 0 picks a free one (see <see cref="ApiServerHost.Port"/>).</summary>
    public int Port { get; init; } = 6443;

    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary><c>sqlite://PATH</c> (default: <c>state.db</c> in the data directory) or <c>memory://</c>.</summary>
    public string? Datastore { get; init; }

    /// <summary>Quiet time on a watch after which a bookmark is sent (to clients that allow bookmarks).</summary>
    public TimeSpan WatchBookmarkInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a watch without timeoutSeconds lasts before the server ends it.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often old revisions are compacted (upstream's default is 5 minutes).</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Events each resource's watch cache keeps (a watch from an older revision is 410 Expired); 0 turns the watch
    /// cache off, so every list and watch reads the store.
    /// </summary>
    public int WatchCacheCapacity { get; init; } = 10_000;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(WatchCacheCapacity);
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("the data directory must be set", nameof(DataDirectory));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port must be between 0 and 65535, not {Port}", nameof(Port));
        }

        if (Datastore is not null && !Datastore.StartsWith("sqlite://", StringComparison.Ordinal) && Datastore != "memory://")
        {
            throw new ArgumentException($"--datastore must be sqlite://PATH or memory://, not {Datastore}", nameof(Datastore));
        }

        if (WatchBookmarkInterval <= TimeSpan.Zero || WatchTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("watch intervals must be positive");
        }
    }
}
