namespace Everynode.Scheduler.Plugins;

/// <summary>
/// What preemption concluded: either a candidate (the effectful loop sets the pod's nominatedNodeName and deletes
/// the victims; v1.32 then adds no post-filter text) or a message for the FailedScheduling event.
/// </summary>
internal sealed record PostFilterResult(PreemptionCandidate? Candidate, string Message)
{
    public static PostFilterResult Nominate(PreemptionCandidate candidate) => new(candidate, "");

    public static PostFilterResult Fail(string message) => new(null, $"preemption: {message}");
}
