using Everynode.Client.Controllers;
using Everynode.Client.Informers;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>One tracked resource: its informer's cache, indexed by the object's own UID and by every owner UID.</summary>
internal interface IGcResource
{
    GcResourceType Type { get; }

    IInformer Informer { get; }

    IKubernetesObject<V1ObjectMeta>? Get(string? ns, string name);

    IKubernetesObject<V1ObjectMeta>? ByUid(string uid);

    /// <summary>Objects with an ownerReference (controller or not) to <paramref name="ownerUid"/>.</summary>
    IReadOnlyList<IKubernetesObject<V1ObjectMeta>> ByOwnerUid(string ownerUid);

    void AddEventHandler(IInformerHandler<IKubernetesObject<V1ObjectMeta>> handler);

    /// <summary>Makes <paramref name="runner"/> wait for this informer to sync before its workers start.</summary>
    void WaitForSyncIn(ControllerRunner runner);
}

/// <inheritdoc cref="IGcResource"/>
internal sealed class GcResource<T> : IGcResource
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    public const string UidIndex = "gc.uid";
    public const string OwnerUidIndex = "gc.ownerUid";

    private readonly SharedInformer<T> _informer;

    public GcResource(GcResourceType type, SharedInformer<T> informer)
    {
        ArgumentNullException.ThrowIfNull(informer);
        Type = type;
        _informer = informer;
        informer.AddIndexer(UidIndex, static o => string.IsNullOrEmpty(o.Metadata?.Uid) ? [] : [o.Metadata.Uid]);
        informer.AddIndexer(OwnerUidIndex, static o => (o.Metadata?.OwnerReferences ?? [])
            .Where(r => !string.IsNullOrEmpty(r.Uid)).Select(r => r.Uid).Distinct(StringComparer.Ordinal));
    }

    public GcResourceType Type { get; }

    public IInformer Informer => _informer;

    public SharedInformer<T> SharedInformer => _informer;

    public IKubernetesObject<V1ObjectMeta>? Get(string? ns, string name) => _informer.Cache.Get(ns, name);

    public IKubernetesObject<V1ObjectMeta>? ByUid(string uid) => _informer.Cache.ByIndex(UidIndex, uid) is [var first, ..] ? first : null;

    public IReadOnlyList<IKubernetesObject<V1ObjectMeta>> ByOwnerUid(string ownerUid) => _informer.Cache.ByIndex(OwnerUidIndex, ownerUid);

    public void AddEventHandler(IInformerHandler<IKubernetesObject<V1ObjectMeta>> handler) =>
        _informer.AddEventHandler(new InformerHandler<T>
        {
            Added = handler.OnAdd,
            Updated = handler.OnUpdate,
            Deleted = handler.OnDelete,
        });

    public void WaitForSyncIn(ControllerRunner runner) => runner.Watch(_informer, static _ => []);
}
