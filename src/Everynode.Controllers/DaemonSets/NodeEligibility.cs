namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Whether a DaemonSet wants a pod on a node: <see cref="ShouldRun"/> — a new daemon pod belongs there;
/// <see cref="ShouldContinueRunning"/> — an existing one may stay (it tolerates every NoExecute taint).
/// </summary>
public readonly record struct NodeEligibility(bool ShouldRun, bool ShouldContinueRunning);
