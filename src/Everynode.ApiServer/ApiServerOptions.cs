using System.Net;

namespace Everynode.ApiServer;

/// <summary>Settings of the API server; validated once at start-up.</summary>
public sealed record ApiServerOptions
{
    /// <summary>Folder for the datastore, certificates, token and kubeconfig.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// A folder several servers share (HA): the cluster CA and the admin token are there instead of in the data directory,
    /// so every server accepts every credential. Null keeps them in the data directory.
    /// </summary>
    public string? PkiDirectory { get; init; }

    /// <summary>HTTPS port; 0 picks a free one (see <see cref="ApiServerHost.Port"/>).</summary>
    public int Port { get; init; } = 6443;

    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary><c>sqlite://PATH</c> (default: <c>state.db</c> in the data directory), <c>memory://</c> or <c>etcd://host:port[,host:port…]</c>.</summary>
    public string? Datastore { get; init; }

    /// <summary>TLS to etcd: the CA of the members' certificates, and the client certificate and key (all PEM).</summary>
    public EtcdTlsFiles EtcdTls { get; init; } = new(null, null, null);

    /// <summary>Quiet time on a watch after which a bookmark is sent (to clients that allow bookmarks).</summary>
    public TimeSpan WatchBookmarkInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a watch without timeoutSeconds lasts before the server ends it.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How often old revisions are compacted (upstream's default is 5 minutes).</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Static users: upstream's <c>--token-auth-file</c> CSV (token,user,uid,"group1,group2").</summary>
    public string? TokenAuthFile { get; init; }

    /// <summary>Deadline of a request that is not a watch or a followed log (upstream's --request-timeout, 60 s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Watches one user (other than system:masters) may hold open at once.</summary>
    public int MaxWatchesPerUser { get; init; } = 1000;

    /// <summary>Where the audit log goes (JSON lines, Metadata level); null for none.</summary>
    public string? AuditLogPath { get; init; }

    /// <summary>
    /// Events each resource's watch cache keeps (a watch from an older revision is 410 Expired); 0 serves every
    /// list and watch from the store (the server's own components still follow the caches).
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

        if (Datastore is not null && !Datastore.StartsWith("sqlite://", StringComparison.Ordinal) && Datastore != "memory://" && !IsEtcd)
        {
            throw new ArgumentException($"--datastore must be sqlite://PATH, memory:// or etcd://host:port[,host:port…], not {Datastore}", nameof(Datastore));
        }

        if (IsEtcd)
        {
            EtcdStoreOptionsFor().Validate();
        }
        else if (EtcdTls.CaFile is not null || EtcdTls.CertFile is not null || EtcdTls.KeyFile is not null)
        {
            throw new ArgumentException("--etcd-cafile, --etcd-certfile and --etcd-keyfile need --datastore etcd://…");
        }

        if (TokenAuthFile is not null && !File.Exists(TokenAuthFile))
        {
            throw new ArgumentException($"--token-auth-file: {TokenAuthFile} does not exist", nameof(TokenAuthFile));
        }

        if (TokenAuthFile is not null)
        {
            // A malformed line stops the server here, with its line number, rather than at the first request.
            Auth.TokenAuthFile.Load(TokenAuthFile);
        }

        if (RequestTimeout <= TimeSpan.Zero || MaxWatchesPerUser <= 0)
        {
            throw new ArgumentException("the request timeout and the watch limit must be positive");
        }

        if (WatchBookmarkInterval <= TimeSpan.Zero || WatchTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("watch intervals must be positive");
        }
    }

    /// <summary>True when the datastore is an etcd cluster (several servers may share it).</summary>
    public bool IsEtcd => Datastore?.StartsWith("etcd://", StringComparison.Ordinal) == true;

    internal Storage.Etcd.EtcdStoreOptions EtcdStoreOptionsFor() =>
        Storage.Etcd.EtcdStoreOptions.FromDatastoreUrl(Datastore!, EtcdTls.CaFile, EtcdTls.CertFile, EtcdTls.KeyFile) with
        {
            CompactionInterval = CompactionInterval,
            TimeProvider = TimeProvider,
        };
}

/// <summary>PEM files for TLS to etcd (<c>--etcd-cafile</c>, <c>--etcd-certfile</c>, <c>--etcd-keyfile</c>).</summary>
public sealed record EtcdTlsFiles(string? CaFile, string? CertFile, string? KeyFile);
