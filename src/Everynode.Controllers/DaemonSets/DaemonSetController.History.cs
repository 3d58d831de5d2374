using System.Globalization;
using Everynode.Api.Models;
using Everynode.Api.Selectors;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>ControllerRevisions: constructHistory before any pod work, cleanupHistory after it.</summary>
public sealed partial class DaemonSetController
{
    /// <summary>The current revision's hash and the old revisions, once the current revision surely exists.</summary>
    private readonly record struct HistoryState(string Hash, IReadOnlyList<V1ControllerRevision> Old);

    /// <summary>
    /// Carries out <see cref="DaemonSetHistory.ConstructHistory"/>: label unlabelled revisions, then create the
    /// current revision, or keep the newest matching one (relabelling pods, deleting duplicates, raising its
    /// number). Errors here stop the sync: no pod may be created with a hash that has no revision.
    /// </summary>
    private async Task<HistoryState> ConstructHistoryAsync(
        V1DaemonSet ds, LabelSelector selector, IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        var ns = ds.Metadata.NamespaceProperty;
        try
        {
            var revisions = await ClaimRevisionsAsync(ds, selector, ct);
            var plan = DaemonSetHistory.ConstructHistory(ds, revisions, pods);
            foreach (var revision in plan.RevisionsToLabel)
            {
                await _control.UpdateRevisionAsync(revision, ct);
            }

            if (plan.CreateCurrent)
            {
                var created = await CreateCurrentRevisionAsync(ds, plan.Current, ct);
                return new HistoryState(HashOf(created), plan.Old);
            }

            var relabel = $"{{\"metadata\":{{\"labels\":{{\"{DaemonSetLabels.ControllerRevisionHash}\":\"{plan.CurrentHash}\"}}}}}}";
            foreach (var podName in plan.PodsToRelabel)
            {
                await IgnoreNotFoundAsync(() => _control.PatchPodAsync(ns, podName, relabel, strategic: false, ct));
            }

            foreach (var duplicate in plan.DuplicatesToDelete)
            {
                await IgnoreNotFoundAsync(() => _control.DeleteRevisionAsync(ns, duplicate, ct));
            }

            if (plan.UpdateCurrentRevision)
            {
                await _control.UpdateRevisionAsync(plan.Current, ct);
            }

            return new HistoryState(plan.CurrentHash, plan.Old);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"failed to construct revisions of DaemonSet: {e.Message}", e);
        }
    }

    /// <summary>
    /// Creates the revision. A revision of that name that already holds this template is ours to use; one that holds
    /// another template is a hash collision: raise status.collisionCount (the next sync hashes differently) and fail.
    /// </summary>
    private async Task<V1ControllerRevision> CreateCurrentRevisionAsync(
        V1DaemonSet ds, V1ControllerRevision revision, CancellationToken ct)
    {
        var ns = ds.Metadata.NamespaceProperty;
        try
        {
            return await _control.CreateRevisionAsync(ns, revision, ct);
        }
        catch (Exception e) when (ApiErrors.IsAlreadyExists(e))
        {
            var existing = await _control.GetRevisionAsync(ns, revision.Metadata.Name, ct);
            if (!DaemonSetHistory.IsHashCollision(ds, existing))
            {
                return existing;
            }

            var fresh = await _control.GetDaemonSetAsync(ns, ds.Metadata.Name, ct);
            if (fresh.Status?.CollisionCount != ds.Status?.CollisionCount)
            {
                throw new InvalidOperationException(
                    $"found a stale collision count ({Format(ds.Status?.CollisionCount)}, expected {Format(fresh.Status?.CollisionCount)}) of DaemonSet \"{ds.Metadata.Name}\" while processing; will retry until it is updated",
                    e);
            }

            var bumped = ModelCopy.Clone(fresh);
            bumped.Status ??= new V1DaemonSetStatus();
            bumped.Status.CollisionCount = (bumped.Status.CollisionCount ?? 0) + 1;
            await _control.UpdateDaemonSetStatusAsync(bumped, ct);
            throw new InvalidOperationException(
                $"found a hash collision for DaemonSet \"{ds.Metadata.Name}\" - bumping collisionCount to {bumped.Status.CollisionCount} to resolve it",
                e);
        }
    }

    /// <summary>Deletes the old revisions <see cref="DaemonSetHistory.CleanupHistory"/> picks (never one a pod still uses).</summary>
    private async Task CleanupHistoryAsync(
        V1DaemonSet ds, IReadOnlyList<V1ControllerRevision> old, IReadOnlyList<V1Pod> pods, CancellationToken ct)
    {
        foreach (var name in DaemonSetHistory.CleanupHistory(ds, old, pods))
        {
            try
            {
                await IgnoreNotFoundAsync(() => _control.DeleteRevisionAsync(ds.Metadata.NamespaceProperty, name, ct));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw new InvalidOperationException($"failed to clean up revisions of DaemonSet: {e.Message}", e);
            }
        }
    }

    private static string HashOf(V1ControllerRevision revision) =>
        revision.Metadata?.Labels?.TryGetValue(DaemonSetLabels.ControllerRevisionHash, out var hash) == true ? hash : string.Empty;

    private static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "<nil>";
}
