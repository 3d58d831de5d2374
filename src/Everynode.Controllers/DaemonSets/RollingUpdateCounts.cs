namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Upstream's updatedDesiredNodeCounts result: the budgets of one rolling-update pass and the nodes that should
/// run the daemon pod but have none yet (they count as unavailable).
/// </summary>
public sealed record RollingUpdateCounts(
    int MaxSurge,
    int MaxUnavailable,
    int DesiredNumberScheduled,
    IReadOnlyList<string> NodesWithoutPods);
