using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>What to do with a dependent once each of its ownerReferences is classified.</summary>
internal abstract record AttemptToDeletePlan
{
    public sealed record Keep : AttemptToDeletePlan;

    /// <summary>Other owners still hold it: drop only the references to absent or foreground-deleting owners.</summary>
    public sealed record RemoveOwnerReferences(IReadOnlyList<string> OwnerUids) : AttemptToDeletePlan;

    public sealed record Delete(string PropagationPolicy) : AttemptToDeletePlan;

    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";

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
            return new Keep();
        }

        var solid = references.Any(r => r.State is OwnerState.Solid or OwnerState.Unresolvable);
        var release = references.Where(r => r.State is OwnerState.Dangling or OwnerState.WaitingForDependentsDeletion)
            .Select(r => r.Reference.Uid).ToList();
        if (solid)
        {
            return release.Count == 0 ? new Keep() : new RemoveOwnerReferences(release);
        }

        if (hasDependents && references.Any(r => r.State == OwnerState.WaitingForDependentsDeletion))
        {
            return new Delete(Foreground);
        }

        if (Finalizers.Has(meta, Finalizers.Orphan))
        {
            return new Delete(Orphan);
        }

        return new Delete(Finalizers.Has(meta, Finalizers.ForegroundDeletion) ? Foreground : Background);
    }
}
