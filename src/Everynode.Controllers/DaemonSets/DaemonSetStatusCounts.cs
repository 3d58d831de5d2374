namespace Everynode.Controllers.DaemonSets;

/// <summary>The seven counters of a DaemonSet's status, named as the status fields.</summary>
public sealed record DaemonSetStatusCounts(
    int DesiredNumberScheduled,
    int CurrentNumberScheduled,
    int NumberMisscheduled,
    int NumberReady,
    int UpdatedNumberScheduled,
    int NumberAvailable,
    int NumberUnavailable);
