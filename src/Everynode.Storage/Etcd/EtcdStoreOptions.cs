namespace Everynode.Storage.Etcd;

/// <summary>Settings of the etcd datastore (the HA one: several servers share one etcd cluster).</summary>
public sealed record EtcdStoreOptions
{
    /// <summary>Client URLs of the etcd members (http:// or https://); requests are spread over them and fail over.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>PEM file of the CA that signed the etcd members' serving certificates (turns on TLS).</summary>
    public string? CaFile { get; init; }

    /// <summary>PEM client certificate presented to etcd (with <see cref="KeyFile"/>).</summary>
    public string? CertFile { get; init; }

    /// <summary>PEM private key of <see cref="CertFile"/>.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Prepended to every key in etcd, so that several clusters (or tests) can share one etcd; empty by default.</summary>
    public string KeyPrefix { get; init; } = "";

    /// <summary>How often old revisions are compacted away; zero or negative disables periodic compaction.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Most unread events a watcher may have before it is dropped with <see cref="WatcherTooSlowException"/>.</summary>
    public int WatcherBufferSize { get; init; } = 100_000;

    /// <summary>How long one etcd request may take, retries after a lost member included.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Parses <c>etcd://host:port[,host:port…]</c>. Members are reached over https when a CA file is given, else http.
    /// </summary>
    public static EtcdStoreOptions FromDatastoreUrl(string datastore, string? caFile, string? certFile, string? keyFile)
    {
        ArgumentNullException.ThrowIfNull(datastore);
        const string scheme = "etcd://";
        if (!datastore.StartsWith(scheme, StringComparison.Ordinal))
        {
            throw new ArgumentException($"an etcd datastore is etcd://host:port[,host:port…], not {datastore}");
        }

        var httpScheme = caFile is null ? "http" : "https";
        var endpoints = new List<Uri>();
        foreach (var member in datastore[scheme.Length..].TrimEnd('/').Split(',', StringSplitOptions.TrimEntries))
        {
            var colon = member.LastIndexOf(':');
            if (colon <= 0 || member.Contains('/', StringComparison.Ordinal)
                || !int.TryParse(member.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
                || port is < 1 or > 65535
                || !Uri.TryCreate($"{httpScheme}://{member}", UriKind.Absolute, out var uri))
            {
                throw new ArgumentException($"etcd member \"{member}\" in {datastore} is not host:port");
            }

            endpoints.Add(uri);
        }

        return new EtcdStoreOptions { Endpoints = endpoints, CaFile = caFile, CertFile = certFile, KeyFile = keyFile };
    }

    /// <summary>Throws <see cref="ArgumentException"/> for settings the store cannot run with.</summary>
    public void Validate()
    {
        if (Endpoints is null || Endpoints.Count == 0)
        {
            throw new ArgumentException("at least one etcd endpoint is required");
        }

        if ((CertFile is null) != (KeyFile is null))
        {
            throw new ArgumentException("--etcd-certfile and --etcd-keyfile go together");
        }

        foreach (var file in (string?[])[CaFile, CertFile, KeyFile])
        {
            if (file is not null && !File.Exists(file))
            {
                throw new ArgumentException($"etcd TLS file {file} does not exist");
            }
        }

        ArgumentNullException.ThrowIfNull(KeyPrefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WatcherBufferSize);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestTimeout, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
