using Everynode.Api.Models;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Upstream's constructHistory, snapshot and cleanupHistory, as plans over the claimed revisions.</summary>
public static class DaemonSetHistory
{
    /// <summary>
    /// Splits the DaemonSet's (claimed) revisions into the current one and old ones.
    /// Invariants: revision numbers only grow — the current revision ends with number max(old)+1 (a rollback to an
    /// old template re-uses its revision object and raises its number, so no pod restarts); exactly one current
    /// revision survives (the highest number, later in the list on ties); every revision carries a hash label
    /// (its own name when it lacked one, so no hash collision can arise from relabelling).
    /// </summary>
    public static ConstructHistoryPlan ConstructHistory(
        V1DaemonSet ds, IEnumerable<V1ControllerRevision> ownedRevisions, IEnumerable<V1Pod> ownedPods)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(ownedRevisions);
        ArgumentNullException.ThrowIfNull(ownedPods);
        var toLabel = new List<V1ControllerRevision>();
        var current = new List<V1ControllerRevision>();
        var old = new List<V1ControllerRevision>();
        foreach (var cached in ownedRevisions)
        {
            var revision = cached;
            if (revision.Metadata?.Labels?.ContainsKey(DaemonSetLabels.ControllerRevisionHash) != true)
            {
                revision = ModelCopy.Clone(cached)!;
                revision.Metadata ??= new V1ObjectMeta();
                revision.Metadata.Labels ??= new Dictionary<string, string>();
                revision.Metadata.Labels[DaemonSetLabels.ControllerRevisionHash] = revision.Metadata.Name ?? string.Empty;
                toLabel.Add(revision);
            }

            (ControllerRevisionPatch.Match(ds, revision) ? current : old).Add(revision);
        }

        var next = (old.Count == 0 ? 0 : old.Max(r => r.Revision ?? 0)) + 1;
        if (current.Count == 0)
        {
            return new(toLabel, NewControllerRevision(ds, next), true, false, [], [], old, next);
        }

        var keep = current[0];
        foreach (var candidate in current)
        {
            keep = (candidate.Revision ?? 0) >= (keep.Revision ?? 0) ? candidate : keep;
        }

        var keepHash = keep.Metadata!.Labels![DaemonSetLabels.ControllerRevisionHash];
        var duplicates = current.Where(r => !ReferenceEquals(r, keep)).Select(r => r.Metadata?.Name ?? string.Empty).ToList();

        // Only when duplicates are merged, as upstream: every pod not labelled with the kept hash is relabelled.
        var relabel = duplicates.Count == 0
            ? []
            : ownedPods.Where(p => HashOf(p.Metadata) != keepHash).Select(p => p.Metadata?.Name ?? string.Empty).ToList();
        var bump = (keep.Revision ?? 0) < next;
        if (bump)
        {
            keep = ModelCopy.Clone(keep)!;
            keep.Revision = next;
        }

        return new(toLabel, keep, false, bump, duplicates, relabel, old, next);
    }

    /// <summary>
    /// Upstream's snapshot: <c>&lt;ds&gt;-&lt;hash&gt;</c> in the DaemonSet's namespace, labelled with the template labels and
    /// the hash, annotated with the DaemonSet's annotations, controlled by the DaemonSet, holding
    /// <see cref="ControllerRevisionPatch.GetPatch"/>.
    /// </summary>
    public static V1ControllerRevision NewControllerRevision(V1DaemonSet ds, long revision)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var hash = ControllerRevisionHash.ComputeHash(ds.Spec?.Template, ds.Status?.CollisionCount);
        var labels = new Dictionary<string, string>(ds.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>())
        {
            [DaemonSetLabels.ControllerRevisionHash] = hash,
        };
        var annotations = ds.Metadata?.Annotations is { } a ? new Dictionary<string, string>(a) : null;
        return new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = $"{ds.Metadata?.Name}-{hash}",
                NamespaceProperty = ds.Metadata?.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                OwnerReferences = [DaemonPodTemplate.NewControllerRef(ds)],
            },
            Data = ControllerRevisionPatch.AsData(ControllerRevisionPatch.GetPatch(ds)),
            Revision = revision,
        };
    }

    /// <summary>
    /// After an AlreadyExists on create: the existing revision of that name is ours only if it matches; otherwise
    /// the hash collided and status.collisionCount must be raised (then requeue).
    /// </summary>
    public static bool IsHashCollision(V1DaemonSet ds, V1ControllerRevision existing) =>
        !ControllerRevisionPatch.Match(ds, existing);

    /// <summary>
    /// Old revisions (names) to delete so that at most revisionHistoryLimit remain, oldest first, never one whose
    /// hash a pod still carries (terminal and deleting pods included) — so more may remain.
    /// </summary>
    public static IReadOnlyList<string> CleanupHistory(
        V1DaemonSet ds, IEnumerable<V1ControllerRevision> old, IEnumerable<V1Pod> ownedPods)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(old);
        ArgumentNullException.ThrowIfNull(ownedPods);
        var oldList = old.ToList();
        var toKill = oldList.Count - (ds.Spec?.RevisionHistoryLimit ?? 10);
        if (toKill <= 0)
        {
            return [];
        }

        var liveHashes = NodeToDaemonPods.Group(ownedPods, includeDeletedTerminal: true)
            .SelectMany(p => p.Value)
            .Select(p => HashOf(p.Metadata))
            .Where(h => !string.IsNullOrEmpty(h))
            .ToHashSet(StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var revision in oldList.OrderBy(r => r.Revision ?? 0).ThenBy(r => r.Metadata?.Name, StringComparer.Ordinal))
        {
            if (result.Count == toKill)
            {
                break;
            }

            if (!liveHashes.Contains(HashOf(revision.Metadata) ?? string.Empty))
            {
                result.Add(revision.Metadata?.Name ?? string.Empty);
            }
        }

        return result;
    }

    private static string? HashOf(V1ObjectMeta? metadata) =>
        metadata?.Labels?.TryGetValue(DaemonSetLabels.ControllerRevisionHash, out var hash) == true ? hash : null;
}
