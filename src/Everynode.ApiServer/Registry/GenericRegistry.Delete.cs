using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.Storage;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Registry;

internal sealed partial class GenericRegistry
{
    public const string OrphanFinalizer = "orphan";
    public const string ForegroundFinalizer = "foregroundDeletion";

    /// <summary>
    /// Deletes an object as upstream does: preconditions, propagation policy recorded as the <c>orphan</c> /
    /// <c>foregroundDeletion</c> finalizers, graceful deletion of pods bound to a node, and objects with finalizers
    /// only marked with a deletionTimestamp. Returns the object as last stored and whether it is gone.
    /// </summary>
    public async Task<(IKubernetesObject<V1ObjectMeta> Object, bool Deleted)> DeleteAsync(
        ResourceInfo r, string? ns, string name, V1DeleteOptions options, bool dryRun, CancellationToken ct)
    {
        var key = r.StorageKey(ns, name);
        for (var attempt = 0; ; attempt++)
        {
            var kv = await store.GetAsync(key, 0, ct) ?? throw ApiException.NotFound(r, name);
            var obj = Decode(r, kv);
            CheckPreconditions(r, obj, options.Preconditions);
            try
            {
                var marked = obj is V1Namespace nsObj
                    ? MarkNamespaceForDeletion(r, nsObj, out var deleteNow)
                    : MarkForDeletion(obj, options, out deleteNow);
                if (dryRun)
                {
                    return (obj, deleteNow);
                }

                if (!deleteNow)
                {
                    if (!marked)
                    {
                        return (obj, false);
                    }

                    var rev = await store.UpdateAsync(key, ToStoredBytes(obj), kv.ModRevision, ct);
                    SetResourceVersion(obj, rev);
                    return (obj, false);
                }

                await store.DeleteAsync(key, kv.ModRevision, ct);
                return (obj, true);
            }
            catch (ConflictException) when (attempt < MaxConflictRetries)
            {
            }
            catch (Storage.KeyNotFoundException)
            {
                throw ApiException.NotFound(r, name);
            }
        }
    }

    /// <summary>Namespaces that every cluster needs; upstream refuses to delete them.</summary>
    private static readonly HashSet<string> ImmortalNamespaces = ["default", "kube-system", "kube-public"];

    /// <summary>
    /// A namespace with spec.finalizers turns Terminating; the namespace finalizer empties it and then removes it.
    /// </summary>
    private bool MarkNamespaceForDeletion(ResourceInfo r, V1Namespace ns, out bool deleteNow)
    {
        if (ImmortalNamespaces.Contains(ns.Metadata.Name))
        {
            throw ApiException.Forbidden(r, ns.Metadata.Name, "this namespace may not be deleted");
        }

        deleteNow = (ns.Spec?.Finalizers?.Count ?? 0) == 0 && (ns.Metadata.Finalizers?.Count ?? 0) == 0;
        if (deleteNow || ns.Metadata.DeletionTimestamp is not null)
        {
            return false;
        }

        ns.Metadata.DeletionTimestamp = Now();
        ns.Metadata.DeletionGracePeriodSeconds = 0;
        ns.Status ??= new V1NamespaceStatus();
        ns.Status.Phase = "Terminating";
        return true;
    }

    private static void CheckPreconditions(ResourceInfo r, IKubernetesObject<V1ObjectMeta> obj, V1Preconditions? pre)
    {
        if (pre is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(pre.Uid) && pre.Uid != obj.Metadata.Uid)
        {
            throw ApiException.Conflict(r, obj.Metadata.Name, $"Precondition failed: UID in precondition: {pre.Uid}, UID in object meta: {obj.Metadata.Uid}");
        }

        if (!string.IsNullOrEmpty(pre.ResourceVersion) && pre.ResourceVersion != obj.Metadata.ResourceVersion)
        {
            throw ApiException.Conflict(r, obj.Metadata.Name,
                $"Precondition failed: ResourceVersion in precondition: {pre.ResourceVersion}, ResourceVersion in meta: {obj.Metadata.ResourceVersion}");
        }
    }

    /// <summary>
    /// Applies the delete to the object in memory. Returns whether the object changed (and must be written);
    /// <paramref name="deleteNow"/> says whether it should instead be removed from the store.
    /// </summary>
    private bool MarkForDeletion(IKubernetesObject<V1ObjectMeta> obj, V1DeleteOptions options, out bool deleteNow)
    {
        var meta = obj.Metadata;
        var changed = false;
        var policy = options.PropagationPolicy;
        if (policy is null && options.OrphanDependents is { } orphan)
        {
            policy = orphan ? "Orphan" : "Background";
        }

        if (policy is "Orphan" or "Foreground")
        {
            var finalizer = policy == "Orphan" ? OrphanFinalizer : ForegroundFinalizer;
            var other = policy == "Orphan" ? ForegroundFinalizer : OrphanFinalizer;
            meta.Finalizers ??= [];
            if (!meta.Finalizers.Contains(finalizer))
            {
                meta.Finalizers.Add(finalizer);
                changed = true;
            }

            changed |= meta.Finalizers.Remove(other);
        }
        else if (policy == "Background" && meta.Finalizers is { } fins)
        {
            changed |= fins.Remove(OrphanFinalizer) | fins.Remove(ForegroundFinalizer);
        }

        var grace = GracePeriodSeconds(obj, options);
        var hasFinalizers = (meta.Finalizers?.Count ?? 0) > 0;
        if (grace > 0)
        {
            // Graceful deletion: the object stays, marked, until its grace period is over or it is deleted with 0.
            var deadline = Now().AddSeconds(grace);
            if (meta.DeletionTimestamp is null || deadline < meta.DeletionTimestamp)
            {
                meta.DeletionTimestamp = deadline;
                meta.DeletionGracePeriodSeconds = grace;
                changed = true;
            }

            deleteNow = false;
            return changed;
        }

        if (hasFinalizers)
        {
            if (meta.DeletionTimestamp is null)
            {
                meta.DeletionTimestamp = Now();
                changed = true;
            }

            if (meta.DeletionGracePeriodSeconds is not 0)
            {
                meta.DeletionGracePeriodSeconds = 0;
                changed = true;
            }

            deleteNow = false;
            return changed;
        }

        deleteNow = true;
        return changed;
    }

    /// <summary>
    /// Pods bound to a node terminate gracefully (the node agent stops them, then deletes with grace 0); pods not yet
    /// scheduled, or already finished, go at once. Other resources have no grace period.
    /// </summary>
    private static long GracePeriodSeconds(IKubernetesObject<V1ObjectMeta> obj, V1DeleteOptions options)
    {
        if (obj is not V1Pod pod)
        {
            return 0;
        }

        if (string.IsNullOrEmpty(pod.Spec?.NodeName) || pod.Status?.Phase is "Succeeded" or "Failed")
        {
            return 0;
        }

        var grace = options.GracePeriodSeconds ?? pod.Spec?.TerminationGracePeriodSeconds ?? 30;
        if (grace < 0)
        {
            grace = 0;
        }

        return grace;
    }
}
