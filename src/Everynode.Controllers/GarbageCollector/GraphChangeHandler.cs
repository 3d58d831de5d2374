using Everynode.Client.Informers;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// Maps one resource's informer events to garbage collector keys (upstream's graph builder, without a graph of its
/// own): a dependent with ownerReferences is checked; an owner that goes away has its dependents checked; an owner
/// marked for foreground deletion has its dependents and itself checked, and an orphaning owner is orphaned; a
/// change to a dependent re-checks any owner of it that waits for its dependents.
/// </summary>
internal sealed class GraphChangeHandler(GcResourceType type, OwnerGraph graph, Action<string> enqueue)
    : IInformerHandler<IKubernetesObject<V1ObjectMeta>>
{
    public void OnAdd(IKubernetesObject<V1ObjectMeta> obj) => Changed(obj.Metadata, null);

    public void OnUpdate(IKubernetesObject<V1ObjectMeta> oldObj, IKubernetesObject<V1ObjectMeta> newObj)
    {
        if (oldObj.Metadata.Uid != newObj.Metadata.Uid)
        {
            // Deleted and re-created between two observations: the old object is gone.
            Removed(oldObj.Metadata);
            Changed(newObj.Metadata, null);
            return;
        }

        Changed(newObj.Metadata, oldObj.Metadata);
    }

    public void OnDelete(IKubernetesObject<V1ObjectMeta> obj, bool finalStateUnknown) => Removed(obj.Metadata);

    private void Changed(V1ObjectMeta meta, V1ObjectMeta? old)
    {
        var key = GcKey.AttemptToDelete(type, meta.NamespaceProperty, meta.Name);
        if (meta.OwnerReferences is { Count: > 0 })
        {
            enqueue(key);
        }

        if (Finalizers.IsDeletingDependents(meta))
        {
            enqueue(key);
            if (old is null || !Finalizers.IsDeletingDependents(old))
            {
                EnqueueDependents(meta.Uid);
            }
        }

        if (Finalizers.IsOrphaning(meta))
        {
            enqueue(GcKey.AttemptToOrphan(type, meta.NamespaceProperty, meta.Name));
        }

        EnqueueOwnersDeletingDependents(meta);
        if (old is not null)
        {
            EnqueueOwnersDeletingDependents(old);
        }
    }

    private void Removed(V1ObjectMeta meta)
    {
        EnqueueDependents(meta.Uid);
        EnqueueOwnersDeletingDependents(meta);
    }

    private void EnqueueDependents(string uid)
    {
        foreach (var dependent in graph.Dependents(uid))
        {
            enqueue(dependent.Key);
        }
    }

    private void EnqueueOwnersDeletingDependents(V1ObjectMeta meta)
    {
        foreach (var reference in meta.OwnerReferences ?? [])
        {
            if (graph.FindByUid(reference.Uid) is { } owner && Finalizers.IsDeletingDependents(owner.Metadata))
            {
                enqueue(owner.Key);
            }
        }
    }
}
