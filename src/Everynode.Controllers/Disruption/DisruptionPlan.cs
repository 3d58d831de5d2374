using k8s.Models;

namespace Everynode.Controllers.Disruption;

/// <summary>The outcome of computing one budget's status (see <see cref="DisruptionPlanner"/>).</summary>
/// <param name="Status">the status to write, or null when the stored one is already right</param>
/// <param name="RecheckAt">when an entry of disruptedPods expires and the budget must be looked at again</param>
/// <param name="HasUnmanagedPods">some selected pods have no controller (upstream warns UnmanagedPods)</param>
/// <param name="NotDeleted">pods evicted longer than the deletion timeout ago that still exist (upstream warns NotDeleted)</param>
public sealed record DisruptionPlan(
    V1PodDisruptionBudgetStatus? Status,
    DateTimeOffset? RecheckAt,
    bool HasUnmanagedPods,
    IReadOnlyList<V1Pod> NotDeleted);
