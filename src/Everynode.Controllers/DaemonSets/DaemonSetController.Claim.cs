using Everynode.Api.Selectors;
using Everynode.Client.Informers;
using Everynode.Controllers.Shared;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Claiming: adopt matching orphans and release owned objects the selector no longer matches.</summary>
public sealed partial class DaemonSetController
{
    /// <summary>
    /// The pods this DaemonSet controls after claiming every pod in its namespace (including terminal and deleting
    /// ones; grouping filters later). Adopted pods are returned as the API answered, with the new ownerReference.
    /// </summary>
    private async Task<List<V1Pod>> ClaimPodsAsync(V1DaemonSet ds, LabelSelector selector, CancellationToken ct)
    {
        var ns = ds.Metadata.NamespaceProperty;
        var plan = ControllerRefManager.Claim(ds.Metadata, selector, _pods.Cache.ByIndex(Indexers.Namespace, ns));
        var claimed = new List<V1Pod>(plan.Owned);
        if (plan.ToAdopt.Count > 0)
        {
            await RecheckDeletionTimestampAsync(ds, ct);
        }

        foreach (var pod in plan.ToAdopt)
        {
            var adopted = await IgnoreNotFoundAsync(() => _control.PatchPodAsync(
                ns, pod.Metadata.Name, ControllerRefManager.AdoptPatch(DaemonPodTemplate.NewControllerRef(ds), pod.Metadata.Uid), strategic: true, ct));
            if (adopted is not null)
            {
                claimed.Add(adopted);
            }
        }

        foreach (var pod in plan.ToRelease)
        {
            await IgnoreNotFoundAsync(() => _control.PatchPodAsync(
                ns, pod.Metadata.Name, ControllerRefManager.ReleasePatch(ds.Metadata.Uid ?? string.Empty, pod.Metadata.Uid), strategic: true, ct));
        }

        return claimed;
    }

    /// <summary>The same rules for ControllerRevisions (the history must carry the template labels to be claimed).</summary>
    private async Task<List<V1ControllerRevision>> ClaimRevisionsAsync(V1DaemonSet ds, LabelSelector selector, CancellationToken ct)
    {
        var ns = ds.Metadata.NamespaceProperty;
        var plan = ControllerRefManager.Claim(ds.Metadata, selector, _revisions.Cache.ByIndex(Indexers.Namespace, ns));
        var claimed = new List<V1ControllerRevision>(plan.Owned);
        if (plan.ToAdopt.Count > 0)
        {
            await RecheckDeletionTimestampAsync(ds, ct);
        }

        foreach (var revision in plan.ToAdopt)
        {
            var adopted = await IgnoreNotFoundAsync(() => _control.PatchRevisionAsync(
                ns, revision.Metadata.Name, ControllerRefManager.AdoptPatch(DaemonPodTemplate.NewControllerRef(ds), revision.Metadata.Uid), ct));
            if (adopted is not null)
            {
                claimed.Add(adopted);
            }
        }

        foreach (var revision in plan.ToRelease)
        {
            await IgnoreNotFoundAsync(() => _control.PatchRevisionAsync(
                ns, revision.Metadata.Name, ControllerRefManager.ReleasePatch(ds.Metadata.Uid ?? string.Empty, revision.Metadata.Uid), ct));
        }

        return claimed;
    }

    /// <summary>
    /// Upstream's RecheckDeletionTimestamp: the cache may be behind, so before adopting read the DaemonSet from the
    /// API and refuse if it was replaced (another UID) or is being deleted.
    /// </summary>
    private async Task RecheckDeletionTimestampAsync(V1DaemonSet ds, CancellationToken ct)
    {
        var fresh = await _control.GetDaemonSetAsync(ds.Metadata.NamespaceProperty, ds.Metadata.Name, ct);
        if (fresh.Metadata?.Uid != ds.Metadata.Uid)
        {
            throw new InvalidOperationException(
                $"original DaemonSet {CacheKeys.For(ds)} is gone: got uid {fresh.Metadata?.Uid}, wanted {ds.Metadata.Uid}");
        }

        if (fresh.Metadata.DeletionTimestamp is not null)
        {
            throw new InvalidOperationException(
                $"DaemonSet {CacheKeys.For(ds)} has just been deleted at {fresh.Metadata.DeletionTimestamp:O}");
        }
    }

    /// <summary>Runs a write; an object that is already gone is not an error (null result).</summary>
    private static async Task<T?> IgnoreNotFoundAsync<T>(Func<Task<T>> write)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        try
        {
            return await write();
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
            return null;
        }
    }

    private static async Task IgnoreNotFoundAsync(Func<Task> write)
    {
        try
        {
            await write();
        }
        catch (Exception e) when (ApiErrors.IsNotFound(e))
        {
        }
    }
}
