namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// What one RollingUpdate pass decided: old (or excess) pods to delete and nodes that get a new-template pod now
/// (surge only), with the budgets it worked under. Carried out by syncNodes like a manage plan.
/// </summary>
/// <param name="PodsToDelete">Pod names, in the order they were chosen.</param>
/// <param name="NodesToCreate">Nodes that get a pod of the current template beside the old one (surge path).</param>
/// <param name="MaxSurge">maxSurge scaled to <paramref name="DesiredNumberScheduled"/>.</param>
/// <param name="MaxUnavailable">maxUnavailable scaled to <paramref name="DesiredNumberScheduled"/> (1 when both are 0).</param>
/// <param name="DesiredNumberScheduled">Nodes that should run the daemon pod.</param>
/// <param name="OldPodsRemaining">Nodes still holding a non-deleting pod of an older template.</param>
public sealed record RollingUpdatePlan(
    IReadOnlyList<string> PodsToDelete,
    IReadOnlyList<string> NodesToCreate,
    int MaxSurge,
    int MaxUnavailable,
    int DesiredNumberScheduled,
    int OldPodsRemaining)
{
    /// <summary>True when this pass changes nothing.</summary>
    public bool IsEmpty => PodsToDelete.Count == 0 && NodesToCreate.Count == 0;
}
