using Everynode.Storage.Etcd;

namespace Everynode.Storage.Tests;

/// <summary>
/// The conformance suite on real etcd clusters started on loopback. Every store gets a cluster of its own, because the
/// suite expects a new store to be empty (revisions start afresh) and compaction is cluster-wide in etcd.
/// </summary>
public abstract class EtcdStoreConformanceTests : StoreConformanceTests
{
    private readonly List<EtcdCluster> _clusters = [];

    protected abstract int Members { get; }

    protected override long EmptyStoreRevision => 1;

    protected override async Task<IStore> OpenStoreAsync(int watcherBufferSize)
    {
        var cluster = await EtcdCluster.StartAsync(Members);
        _clusters.Add(cluster);
        return await EtcdStore.OpenAsync(new EtcdStoreOptions
        {
            Endpoints = cluster.Endpoints,
            WatcherBufferSize = watcherBufferSize,
            CompactionInterval = TimeSpan.Zero,
        }, default);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var cluster in _clusters)
        {
            await cluster.DisposeAsync();
        }
    }
}
