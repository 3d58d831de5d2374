using Everynode.Client.Controllers;
using Everynode.Client.Informers;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// The garbage collector's reconcile step for one key: attemptToDelete (a dependent whose owners may be gone, or an
/// owner being deleted in the foreground) or attemptToOrphan (an owner whose dependents are to be let go).
/// </summary>
/// <remarks>
/// Invariants: decisions start from the caches, but nothing is deleted or released on the caches' word alone. Before
/// any write, the dependent is read live (its latest ownerReferences, same UID) and every owner that looks absent or
/// foreground-deleting is read live too, by name, and compared by UID (upstream's isDangling). Writes carry the
/// dependent's UID as a precondition. Running a key twice changes nothing the second time.
/// </remarks>
internal sealed partial class GarbageCollectorSync(
    OwnerGraph graph, IGarbageCollectorControl control, AbsentOwnerCache absentOwners, Action<string> enqueue, ILogger logger) : IReconciler
{
    private const int FinalizerPatchAttempts = 5;

    public Task SyncAsync(string key, CancellationToken cancellationToken)
    {
        var k = GcKey.Parse(key);
        var resource = graph.ForKind(k.Kind);
        return k.Orphan ? AttemptToOrphanAsync(resource, k, cancellationToken) : AttemptToDeleteAsync(resource, k, cancellationToken);
    }

    private async Task AttemptToDeleteAsync(IGcResource resource, GcKey key, CancellationToken ct)
    {
        if (resource.Get(key.Namespace, key.Name) is not { } cached)
        {
            return;
        }

        var meta = cached.Metadata;
        if (meta.DeletionTimestamp is not null)
        {
            // Already going. If it waits for its dependents, see whether they are gone.
            if (Finalizers.Has(meta, Finalizers.ForegroundDeletion))
            {
                await ProcessDeletingDependentsAsync(new GcItem(resource.Type, cached), ct);
            }

            return;
        }

        if (meta.OwnerReferences is not { Count: > 0 } refs || refs.All(r => IsSolidInCache(resource.Type, meta, r)))
        {
            return;
        }

        var latest = await control.GetMetadataAsync(resource.Type, key.Namespace, key.Name, ct);
        if (latest is null || latest.Uid != meta.Uid || latest.DeletionTimestamp is not null)
        {
            return;
        }

        var classified = new List<(V1OwnerReference, OwnerState)>();
        foreach (var reference in latest.OwnerReferences ?? [])
        {
            classified.Add((reference, await ClassifyAsync(resource.Type, latest, reference, ct)));
        }

        var item = CacheKeys.For(key.Namespace, key.Name);
        switch (AttemptToDeletePlanner.Decide(classified, graph.Dependents(latest.Uid).Any(), latest))
        {
            case AttemptToDeletePlan.RemoveOwnerReferences release:
                LogRemovingOwnerReferences(logger, resource.Type.Kind, item, string.Join(",", release.OwnerUids));
                await control.PatchAsync(resource.Type, key.Namespace, key.Name, V1Patch.PatchType.StrategicMergePatch,
                    GcPatches.DeleteOwnerReferences(latest.Uid, release.OwnerUids), ct);
                break;
            case AttemptToDeletePlan.Delete delete:
                LogDeletingDependent(logger, resource.Type.Kind, item, delete.PropagationPolicy);
                await control.DeleteAsync(resource.Type, key.Namespace, key.Name, latest.Uid, delete.PropagationPolicy, ct);
                break;
        }
    }

    /// <summary>
    /// An owner marked for deletion with <c>foregroundDeletion</c>: once no dependent blocks it, drop the finalizer so
    /// that it goes; until then, make sure each blocking dependent is on its way.
    /// </summary>
    private async Task ProcessDeletingDependentsAsync(GcItem owner, CancellationToken ct)
    {
        var blocking = ForegroundDeletion.BlockingDependents(owner.Uid, graph.Dependents(owner.Uid));
        if (blocking.Count == 0)
        {
            await RemoveFinalizerAsync(owner, Finalizers.ForegroundDeletion, ct);
            return;
        }

        foreach (var dependent in blocking.Where(d => !Finalizers.IsDeletingDependents(d.Metadata)))
        {
            enqueue(dependent.Key);
        }
    }

    /// <summary>An owner marked for deletion with <c>orphan</c>: strip its ownerReference from every dependent, then let it go.</summary>
    private async Task AttemptToOrphanAsync(IGcResource resource, GcKey key, CancellationToken ct)
    {
        if (resource.Get(key.Namespace, key.Name) is not { } cached || !Finalizers.IsOrphaning(cached.Metadata))
        {
            return;
        }

        var owner = new GcItem(resource.Type, cached);
        var dependents = graph.Dependents(owner.Uid).ToList();
        LogOrphaning(logger, resource.Type.Kind, CacheKeys.For(cached), dependents.Count);
        foreach (var dependent in dependents)
        {
            // NotFound (gone) and Conflict (replaced by another object of the same name) both leave nothing to orphan.
            await control.PatchAsync(dependent.Type, dependent.Metadata.NamespaceProperty, dependent.Metadata.Name,
                V1Patch.PatchType.StrategicMergePatch, GcPatches.DeleteOwnerReferences(dependent.Uid, [owner.Uid]), ct);
        }

        await RemoveFinalizerAsync(owner, Finalizers.Orphan, ct);
    }

    /// <summary>Removes one finalizer from the live object, guarded by resourceVersion and retried on conflict.</summary>
    private async Task RemoveFinalizerAsync(GcItem item, string finalizer, CancellationToken ct)
    {
        var ns = item.Metadata.NamespaceProperty;
        var name = item.Metadata.Name;
        for (var attempt = 0; attempt < FinalizerPatchAttempts; attempt++)
        {
            var latest = await control.GetMetadataAsync(item.Type, ns, name, ct);
            if (latest is null || latest.Uid != item.Uid || !Finalizers.Has(latest, finalizer))
            {
                return;
            }

            var body = GcPatches.SetFinalizers(latest.ResourceVersion, latest.Finalizers.Where(f => f != finalizer));
            if (await control.PatchAsync(item.Type, ns, name, V1Patch.PatchType.MergePatch, body, ct) != WriteOutcome.Conflict)
            {
                LogRemovedFinalizer(logger, finalizer, item.Type.Kind, CacheKeys.For(ns, name));
                return;
            }
        }

        throw new InvalidOperationException($"removing finalizer {finalizer} from {item.Type.Kind} {CacheKeys.For(ns, name)} kept conflicting");
    }
}
