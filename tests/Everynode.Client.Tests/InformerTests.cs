using Everynode.Api.Models;
using Everynode.Client.Informers;
using Everynode.Client.Tests.Infrastructure;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Client.Tests;

/// <summary>The informer against a real in-process API server.</summary>
public sealed class InformerTests(ComponentClientFixture server) : IClassFixture<ComponentClientFixture>
{
    private Kubernetes Client => server.Client;

    private static SharedInformer<T> Start<T>(IListWatch<T> listWatch, CancellationToken ct, InformerOptions? options = null, Action<SharedInformer<T>>? setUp = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var informer = new SharedInformer<T>(listWatch, options, NullLogger.Instance);
        setUp?.Invoke(informer);
        _ = informer.RunAsync(ct);
        return informer;
    }

    [Fact]
    public async Task Informer_ListThenWatch_ReportsAddsUpdatesAndDeletesInOrder()
    {
        var ns = await server.CreateNamespaceAsync();
        foreach (var name in (string[])["a", "b", "c"])
        {
            await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease(name), ns);
        }

        using var stop = new CancellationTokenSource();
        var handler = new RecordingHandler<V1Lease>();
        var informer = Start(ListWatches.Leases(Client, new ResourceScope { Namespace = ns }), stop.Token,
            new InformerOptions { PageSize = 2 }, i => i.AddEventHandler(handler));
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["add a", "add b", "add c"], handler.Lines.Order());

        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("d"), ns);
        var a = await Client.CoordinationV1.ReadNamespacedLeaseAsync("a", ns);
        a.Spec.HolderIdentity = "node-b";
        await Client.CoordinationV1.ReplaceNamespacedLeaseAsync(a, "a", ns);
        await Client.CoordinationV1.DeleteNamespacedLeaseAsync("b", ns);
        await Eventually.TrueAsync(() => handler.Lines.Count == 6, "three watch events");

        Assert.Equal(["add d", "update a", "delete b"], handler.Lines.Skip(3));
        Assert.Equal("node-b", informer.Cache.Get(ns, "a")!.Spec.HolderIdentity);
        var fresh = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns);
        Assert.Equal(
            fresh.Items.Select(l => (CacheKeys.For(l), l.Metadata.ResourceVersion)).Order(),
            informer.Cache.List().Select(l => (CacheKeys.For(l), l.Metadata.ResourceVersion)).Order());
        Assert.Equal(fresh.Metadata.ResourceVersion, informer.LastSyncResourceVersion);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task StripManagedFields_CachesListedAndWatchedObjectsWithoutThem()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("listed"), ns);
        using var stop = new CancellationTokenSource();
        var informer = Start(ListWatches.Leases(Client, new ResourceScope { Namespace = ns }), stop.Token, new InformerOptions { StripManagedFields = true });
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var watched = await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("watched"), ns);
        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "watched") is not null, "the watched Lease");

        Assert.NotEmpty(watched.Metadata.ManagedFields);
        Assert.All(informer.Cache.List(), l => Assert.Null(l.Metadata.ManagedFields));
        Assert.Equal(2, informer.Cache.List().Count);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task HasSynced_IsFalseUntilTheFirstListIsInTheCache()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("a"), ns);
        using var gated = new GatedListWatch<V1Lease>(ListWatches.Leases(Client, new ResourceScope { Namespace = ns }));
        var informer = new SharedInformer<V1Lease>(gated, null, NullLogger.Instance);
        Assert.False(informer.HasSynced);

        using var stop = new CancellationTokenSource();
        _ = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(informer.HasSynced);
        Assert.NotNull(informer.Cache.Get(ns, "a"));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Indexes_ByNodeNameAndControllerUid_FollowUpdatesAndDeletes()
    {
        var ns = await server.CreateNamespaceAsync();
        using var stop = new CancellationTokenSource();
        var informer = InformerFactory.Pods(Client, NullLoggerFactory.Instance, new ResourceScope { Namespace = ns });
        _ = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p1", controller: Objects.ControllerRef("uid-1")), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p2", controller: Objects.ControllerRef("uid-1")), ns);
        await Eventually.TrueAsync(() => informer.Cache.ByIndex(Indexers.ControllerUid, "uid-1").Count == 2, "both pods indexed by owner");
        Assert.Empty(informer.Cache.IndexValues(Indexers.NodeName));

        await Client.CoreV1.CreateNamespacedPodBindingAsync(
            new V1Binding { Metadata = new V1ObjectMeta { Name = "p1" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-a" } }, "p1", ns);
        await Eventually.TrueAsync(() => informer.Cache.ByIndex(Indexers.NodeName, "node-a").Count == 1, "p1 indexed by node");
        Assert.Equal("p1", informer.Cache.ByIndex(Indexers.NodeName, "node-a")[0].Metadata.Name);

        var p2 = ModelCopy.Clone(informer.Cache.Get(ns, "p2")!);
        p2.Metadata.OwnerReferences = [Objects.ControllerRef("uid-2")];
        await Client.CoreV1.ReplaceNamespacedPodAsync(p2, "p2", ns);
        await Eventually.TrueAsync(() => informer.Cache.ByIndex(Indexers.ControllerUid, "uid-2").Count == 1, "p2 moved to its new owner");
        Assert.Equal(["p1"], informer.Cache.ByIndex(Indexers.ControllerUid, "uid-1").Select(p => p.Metadata.Name));

        await Client.CoreV1.DeleteNamespacedPodAsync("p1", ns, new V1DeleteOptions { GracePeriodSeconds = 0 });
        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "p1") is null, "p1 gone from the cache");
        Assert.Empty(informer.Cache.ByIndex(Indexers.NodeName, "node-a"));
        Assert.Empty(informer.Cache.ByIndex(Indexers.ControllerUid, "uid-1"));
        Assert.Single(informer.Cache.ByIndex(Indexers.Namespace, ns));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task Compaction_WhileNotWatching_ReListsAndReportsVanishedObjectsAsDeletedWithTheirLastState()
    {
        var ns = await server.CreateNamespaceAsync();
        foreach (var name in (string[])["keep", "gone"])
        {
            await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease(name), ns);
        }

        using var stop = new CancellationTokenSource();
        var handler = new RecordingHandler<V1Lease>();
        using var gated = new GatedListWatch<V1Lease>(ListWatches.Leases(Client, new ResourceScope { Namespace = ns }));
        var informer = Start(gated, stop.Token, setUp: i => i.AddEventHandler(handler));
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.TrueAsync(() => gated.WatchCalls == 1, "the first watch");

        // The informer stops watching; meanwhile one lease vanishes, one appears and history is compacted away.
        gated.BreakAndHold();
        await Client.CoordinationV1.DeleteNamespacedLeaseAsync("gone", ns);
        var added = await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("new"), ns);
        await server.Host.Store.CompactAsync(long.Parse(added.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        gated.Release();

        await Eventually.TrueAsync(() => gated.ListCalls == 2 && handler.Lines.Count == 4, "a re-list after 410 Gone");
        Assert.Equal(["add new", "delete gone (unknown)"], handler.Lines.Skip(2).Order());
        Assert.Equal("node-a", Assert.Single(handler.Deleted).Spec.HolderIdentity);
        Assert.Equal(["keep", "new"], informer.Cache.List().Select(l => l.Metadata.Name).Order());

        // And it watches again from the re-list.
        await Client.CoordinationV1.DeleteNamespacedLeaseAsync("keep", ns);
        await Eventually.TrueAsync(() => handler.Lines.Count == 5, "the delete after the re-list");
        Assert.Equal("delete keep", handler.Lines[^1]);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task QuietWatchEnd_WatchesAgainFromTheLastResourceVersionWithoutReListing()
    {
        var ns = await server.CreateNamespaceAsync();
        using var stop = new CancellationTokenSource();
        using var gated = new GatedListWatch<V1Lease>(ListWatches.Leases(Client, new ResourceScope { Namespace = ns }));
        var informer = Start(gated, stop.Token, new InformerOptions { WatchTimeout = TimeSpan.FromSeconds(1) });
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        // One-second watches on an empty namespace end without a single line (kubernetes-client/csharp#893).
        await Eventually.TrueAsync(() => gated.WatchCalls >= 3, "two quiet watch ends");
        Assert.Equal(1, gated.ListCalls);

        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("late"), ns);
        await Eventually.TrueAsync(() => informer.Cache.Get(ns, "late") is not null, "the lease created after the quiet ends");
        Assert.Equal(1, gated.ListCalls);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task AddEventHandler_AfterSync_ReplaysTheCacheAsAdds()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("a"), ns);
        using var stop = new CancellationTokenSource();
        var informer = Start(ListWatches.Leases(Client, new ResourceScope { Namespace = ns }), stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        var late = new RecordingHandler<V1Lease>();
        informer.AddEventHandler(late);
        Assert.Equal(["add a"], late.Lines);
        await stop.CancelAsync();
    }

    [Fact]
    public async Task HandlerThatThrows_StopsTheInformerLoudly()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("a"), ns);
        var informer = new SharedInformer<V1Lease>(ListWatches.Leases(Client, new ResourceScope { Namespace = ns }), null, NullLogger.Instance);
        informer.AddEventHandler(new InformerHandler<V1Lease> { Added = _ => throw new InvalidOperationException("bug") });

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var error = await Assert.ThrowsAnyAsync<Exception>(() => informer.RunAsync(stop.Token));
        Assert.IsType<InvalidOperationException>(error.InnerException);
    }

    [Fact]
    public async Task ClusterScopedInformer_KeysObjectsByNameAlone()
    {
        using var stop = new CancellationTokenSource();
        var informer = InformerFactory.Namespaces(Client, NullLoggerFactory.Instance);
        _ = informer.RunAsync(stop.Token);
        await informer.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var ns = await server.CreateNamespaceAsync();
        await Eventually.TrueAsync(() => informer.Cache.Get(ns) is not null, "the new namespace");
        Assert.NotNull(informer.Cache.Get("kube-system"));
        await stop.CancelAsync();
    }
}
