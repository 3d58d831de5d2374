using Everynode.Client.Informers;
using Everynode.Controllers.GarbageCollector;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Controllers.Tests.GarbageCollector;

/// <summary>Seeded caches (informers never run), a fake API and the garbage collector's sync over them.</summary>
internal sealed class GcHarness : IDisposable
{
    private readonly Kubernetes _unusedClient = new(new KubernetesClientConfiguration { Host = "http://127.0.0.1:1" });

    public GcHarness()
    {
        Informers = new SharedInformers(_unusedClient, NullLoggerFactory.Instance);
        Graph = OwnerGraph.From(Informers);
        Sync = new GarbageCollectorSync(Graph, Control, new AbsentOwnerCache(100), Enqueued.Add, NullLogger.Instance);
    }

    public SharedInformers Informers { get; }

    public OwnerGraph Graph { get; }

    public FakeGarbageCollectorControl Control { get; } = new();

    public List<string> Enqueued { get; } = [];

    public GarbageCollectorSync Sync { get; }

    /// <summary>Puts the object in its informer's cache and in the live API.</summary>
    public T Seed<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        SeedCacheOnly(obj);
        Control.SetLive(TypeOf(obj), obj.Metadata);
        return obj;
    }

    public T SeedCacheOnly<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        switch (obj)
        {
            case V1Pod p: Informers.Pods.Cache.Seed(p); break;
            case V1DaemonSet d: Informers.DaemonSets.Cache.Seed(d); break;
            case V1ControllerRevision r: Informers.ControllerRevisions.Cache.Seed(r); break;
            case V1Deployment d: Informers.Deployments.Cache.Seed(d); break;
            case V1ReplicaSet rs: Informers.ReplicaSets.Cache.Seed(rs); break;
            case V1Node n: Informers.Nodes.Cache.Seed(n); break;
            case V1Lease l: Informers.Leases.Cache.Seed(l); break;
            default: throw new ArgumentException("no cache for " + obj.GetType().Name);
        }

        return obj;
    }

    public Task SyncAsync<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        Sync.SyncAsync(GcKey.AttemptToDelete(TypeOf(obj), obj.Metadata.NamespaceProperty, obj.Metadata.Name), CancellationToken.None);

    public Task OrphanAsync(V1DaemonSet owner) =>
        Sync.SyncAsync(GcKey.AttemptToOrphan(GcResourceType.DaemonSet, owner.Metadata.NamespaceProperty, owner.Metadata.Name), CancellationToken.None);

    public static GcResourceType TypeOf(IKubernetesObject<V1ObjectMeta> obj) => obj switch
    {
        V1Pod => GcResourceType.Pod,
        V1DaemonSet => GcResourceType.DaemonSet,
        V1ControllerRevision => GcResourceType.ControllerRevision,
        V1Deployment => GcResourceType.Deployment,
        V1ReplicaSet => GcResourceType.ReplicaSet,
        V1Node => GcResourceType.Node,
        V1Lease => GcResourceType.Lease,
        _ => throw new ArgumentException("unknown type " + obj.GetType().Name),
    };

    public void Dispose() => _unusedClient.Dispose();
}
