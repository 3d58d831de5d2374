using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;

namespace Everynode.Scheduler;

/// <summary>
/// The outcome of one scheduling attempt: the chosen node, or why there is none. EvaluatedNodes counts the nodes
/// the filters ran on (one for a daemon pod, however large the cluster). When the pod fits nowhere, Preemption
/// says whether evicting lower-priority pods would make room, and where.
/// </summary>
internal sealed record ScheduleResult
{
    public string? SuggestedHost { get; init; }

    public int EvaluatedNodes { get; init; }

    public int FeasibleNodes { get; init; }

    public FitError? FitError { get; init; }

    public PreemptionCandidate? Preemption { get; init; }

    /// <summary>True when the cluster has no nodes at all (upstream ErrNoNodesAvailable).</summary>
    public bool NoNodesAvailable { get; init; }

    public bool IsScheduled => SuggestedHost is not null;

    /// <summary>The message of the Warning FailedScheduling event, or null when the pod was scheduled.</summary>
    public string? FailureMessage =>
        NoNodesAvailable ? SchedulerMessages.NoNodesAvailable : FitError?.Message;
}
