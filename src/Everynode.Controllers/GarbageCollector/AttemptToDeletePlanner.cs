using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>Decides what becomes of a dependent whose ownerReferences have been classified.</summary>
internal static class AttemptToDeletePlanner
{
    /// <summary>
    /// Upstream's attemptToDeleteItem decision. An object with at least one solid owner is kept (references to
    /// absent or foreground-deleting owners are removed, or those owners would wait forever). Otherwise it is
    /// deleted: in the foreground when an owner waits for it and it has dependents of its own (so the wait
    /// propagates down the chain), else with the policy its own finalizers ask for, Background by default.
    /// An unresolvable reference counts as solid: nothing is deleted on the strength of a guess.
    /// </summary>
    public static AttemptToDeletePlan Decide(IReadOnlyList<(V1OwnerReference Reference, OwnerState State)> references, bool hasDependents, V1ObjectMeta meta)
    {
        ArgumentNullException.ThrowIfNull(references);
        ArgumentNullException.ThrowIfNull(meta);
        if (references.Count == 0)
        {
            return new AttemptToDeletePlan.Keep();
        }

        var solid = references.Any(r => r.State is OwnerState.Solid or OwnerState.Unresolvable);
        var release = references.Where(r => r.State is OwnerState.Dangling or OwnerState.WaitingForDependentsDeletion)
            .Select(r => r.Reference.Uid).ToList();
        if (solid)
        {
            return release.Count == 0 ? new AttemptToDeletePlan.Keep() : new AttemptToDeletePlan.RemoveOwnerReferences(release);
        }

        if (hasDependents && references.Any(r => r.State == OwnerState.WaitingForDependentsDeletion))
        {
            return new AttemptToDeletePlan.Delete(AttemptToDeletePlan.Foreground);
        }

        if (Finalizers.Has(meta, Finalizers.Orphan))
        {
            return new AttemptToDeletePlan.Delete(AttemptToDeletePlan.Orphan);
        }

        return new AttemptToDeletePlan.Delete(
            Finalizers.Has(meta, Finalizers.ForegroundDeletion) ? AttemptToDeletePlan.Foreground : AttemptToDeletePlan.Background);
    }
}
