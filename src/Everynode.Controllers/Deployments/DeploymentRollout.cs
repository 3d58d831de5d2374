using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>
/// The rollout decisions of upstream's rolling.go and recreate.go as pure functions over the Deployment and its
/// ReplicaSets (as last observed); the controller carries out one kind of step per sync and returns.
/// </summary>
/// <remarks>
/// Invariants of RollingUpdate: the pods of all ReplicaSets together never exceed replicas + maxSurge (new pods are
/// only added within that bound), and old pods are only removed while the available pods stay at or above
/// replicas − maxUnavailable (unhealthy old pods may go first, since they are not available anyway). Recreate never
/// runs old and new pods together: every old ReplicaSet goes to 0, its pods must be gone, then the new one scales up.
/// </remarks>
public static class DeploymentRollout
{
    /// <summary>
    /// Upstream's NewRSNewReplicas: for RollingUpdate the new ReplicaSet may grow by what maxSurge leaves over the
    /// pods of every ReplicaSet, up to the Deployment's replicas; for Recreate it gets all of them.
    /// </summary>
    public static int NewReplicaSetReplicas(V1Deployment d, IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(all);
        var desired = DeploymentMath.Replicas(d);
        if (!DeploymentMath.IsRollingUpdate(d))
        {
            return desired;
        }

        var current = DeploymentMath.Replicas(newRs);
        var maxTotal = desired + DeploymentMath.MaxSurge(d);
        var total = DeploymentMath.SpecReplicas(all);
        if (total >= maxTotal)
        {
            return current;
        }

        return current + Math.Min(maxTotal - total, desired - current);
    }

    /// <summary>Upstream's reconcileNewReplicaSet: the new size of the new ReplicaSet, or null when it stays.</summary>
    public static int? ReconcileNewReplicaSet(V1Deployment d, IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet newRs)
    {
        ArgumentNullException.ThrowIfNull(d);
        var desired = DeploymentMath.Replicas(d);
        var current = DeploymentMath.Replicas(newRs);
        if (current == desired)
        {
            return null;
        }

        var target = current > desired ? desired : NewReplicaSetReplicas(d, all, newRs);
        return target == current ? null : target;
    }

    /// <summary>
    /// Upstream's reconcileOldReplicaSets: first unhealthy old pods (oldest ReplicaSet first) within what may be
    /// scaled down, then available old pods above replicas − maxUnavailable. The scales to apply, in order.
    /// </summary>
    public static IReadOnlyList<ReplicaSetScale> ReconcileOldReplicaSets(
        V1Deployment d, IReadOnlyList<V1ReplicaSet> all, IReadOnlyList<V1ReplicaSet> old, V1ReplicaSet? newRs)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(all);
        ArgumentNullException.ThrowIfNull(old);
        if (DeploymentMath.SpecReplicas(old) == 0)
        {
            return [];
        }

        var minAvailable = DeploymentMath.Replicas(d) - DeploymentMath.MaxUnavailable(d);
        var newUnavailable = DeploymentMath.Replicas(newRs) - (newRs?.Status?.AvailableReplicas ?? 0);
        var maxScaledDown = DeploymentMath.SpecReplicas(all) - minAvailable - newUnavailable;
        if (maxScaledDown <= 0)
        {
            return [];
        }

        var sizes = old.ToDictionary(rs => rs.Metadata.Uid, DeploymentMath.Replicas, StringComparer.Ordinal);
        var scales = new List<ReplicaSetScale>();
        var cleaned = 0;
        foreach (var rs in ByCreation(old))
        {
            if (cleaned >= maxScaledDown)
            {
                break;
            }

            var size = sizes[rs.Metadata.Uid];
            var unhealthy = size - (rs.Status?.AvailableReplicas ?? 0);
            if (size == 0 || unhealthy <= 0)
            {
                continue;
            }

            var count = Math.Min(maxScaledDown - cleaned, unhealthy);
            sizes[rs.Metadata.Uid] = size - count;
            cleaned += count;
            scales.Add(new ReplicaSetScale(rs, size - count));
        }

        // Available pods across every ReplicaSet, above the minimum, may go from the old ones (oldest first).
        var available = DeploymentMath.AvailableReplicas(all);
        var budget = available - minAvailable;
        var scaledDown = 0;
        foreach (var rs in ByCreation(old))
        {
            if (scaledDown >= budget)
            {
                break;
            }

            var size = sizes[rs.Metadata.Uid];
            if (size == 0)
            {
                continue;
            }

            var count = Math.Min(size, budget - scaledDown);
            sizes[rs.Metadata.Uid] = size - count;
            scaledDown += count;
            scales.RemoveAll(s => s.ReplicaSet.Metadata.Uid == rs.Metadata.Uid);
            scales.Add(new ReplicaSetScale(rs, size - count));
        }

        return scales;
    }

    /// <summary>Recreate's first step: every old ReplicaSet with pods goes to 0.</summary>
    public static IReadOnlyList<ReplicaSetScale> RecreateScaleDown(IReadOnlyList<V1ReplicaSet> old) =>
        old.Where(rs => DeploymentMath.Replicas(rs) > 0).Select(rs => new ReplicaSetScale(rs, 0)).ToList();

    /// <summary>Upstream's DeploymentComplete: every replica updated and available, and the generation observed.</summary>
    public static bool IsComplete(V1Deployment d, V1DeploymentStatus status)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(status);
        var desired = DeploymentMath.Replicas(d);
        return status.UpdatedReplicas == desired && status.Replicas == desired && status.AvailableReplicas == desired
            && status.ObservedGeneration >= d.Metadata?.Generation;
    }

    /// <summary>
    /// Upstream's scaling event check: some active ReplicaSet was sized for another replica count than the
    /// Deployment now asks for (its desired-replicas annotation differs).
    /// </summary>
    public static bool IsScalingEvent(V1Deployment d, IReadOnlyList<V1ReplicaSet> all)
    {
        ArgumentNullException.ThrowIfNull(d);
        return all.Where(rs => DeploymentMath.Replicas(rs) > 0)
            .Any(rs => DeploymentAnnotations.DesiredReplicasOf(rs) is { } desired && desired != DeploymentMath.Replicas(d));
    }

    /// <summary>
    /// Upstream's scale (proportional scaling, simplified to whole-pod shares): with one active ReplicaSet it takes
    /// the Deployment's replicas; with several, the difference to replicas + maxSurge is shared in proportion to
    /// their sizes, the remainder going to the largest (newest on ties).
    /// </summary>
    public static IReadOnlyList<ReplicaSetScale> Scale(V1Deployment d, V1ReplicaSet? newRs, IReadOnlyList<V1ReplicaSet> old)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(old);
        var desired = DeploymentMath.Replicas(d);
        var all = (newRs is null ? old : old.Append(newRs)).ToList();
        var active = all.Where(rs => DeploymentMath.Replicas(rs) > 0).ToList();
        if (active.Count == 0)
        {
            // Nothing runs: the newest ReplicaSet (the new one if any) takes the replicas.
            var newest = newRs ?? ByCreation(old).LastOrDefault();
            return newest is null || DeploymentMath.Replicas(newest) == desired ? [] : [new ReplicaSetScale(newest, desired)];
        }

        if (active.Count == 1)
        {
            return DeploymentMath.Replicas(active[0]) == desired ? [] : [new ReplicaSetScale(active[0], desired)];
        }

        var allowed = desired + DeploymentMath.MaxSurge(d);
        var total = DeploymentMath.SpecReplicas(active);
        var toAdd = allowed - total;
        if (toAdd == 0)
        {
            return [];
        }

        var ordered = active.OrderByDescending(DeploymentMath.Replicas).ThenByDescending(rs => rs.Metadata.CreationTimestamp).ToList();
        var scales = new List<ReplicaSetScale>();
        var added = 0;
        foreach (var rs in ordered)
        {
            var share = toAdd * DeploymentMath.Replicas(rs) / total;
            scales.Add(new ReplicaSetScale(rs, Math.Max(0, DeploymentMath.Replicas(rs) + share)));
            added += share;
        }

        if (toAdd - added != 0)
        {
            var first = scales[0];
            scales[0] = first with { Replicas = Math.Max(0, first.Replicas + (toAdd - added)) };
        }

        return scales.Where(s => s.Replicas != DeploymentMath.Replicas(s.ReplicaSet)).ToList();
    }

    /// <summary>
    /// Upstream's cleanupDeployment: the oldest revisions beyond revisionHistoryLimit that have no pods, are scaled to
    /// 0 and whose status is current.
    /// </summary>
    public static IReadOnlyList<V1ReplicaSet> HistoryToDelete(V1Deployment d, IReadOnlyList<V1ReplicaSet> old)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(old);
        if (d.Spec?.RevisionHistoryLimit is not { } limit)
        {
            return [];
        }

        var cleanable = old.Where(rs => rs.Metadata?.DeletionTimestamp is null).ToList();
        var diff = cleanable.Count - limit;
        if (diff <= 0)
        {
            return [];
        }

        return cleanable
            .OrderBy(rs => DeploymentAnnotations.RevisionOf(rs.Metadata))
            .ThenBy(rs => rs.Metadata.CreationTimestamp)
            .Take(diff)
            .Where(rs => (rs.Status?.Replicas ?? 0) == 0 && DeploymentMath.Replicas(rs) == 0
                && (rs.Metadata.Generation ?? 0) <= (rs.Status?.ObservedGeneration ?? 0))
            .ToList();
    }

    private static IEnumerable<V1ReplicaSet> ByCreation(IEnumerable<V1ReplicaSet> replicaSets) =>
        replicaSets.OrderBy(rs => rs.Metadata.CreationTimestamp).ThenBy(rs => rs.Metadata.Name, StringComparer.Ordinal);
}
