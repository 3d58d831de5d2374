namespace Everynode.Controllers.GarbageCollector;

/// <summary>What to do with a dependent once each of its ownerReferences is classified (<see cref="AttemptToDeletePlanner"/>).</summary>
internal abstract record AttemptToDeletePlan
{
    public sealed record Keep : AttemptToDeletePlan;

    /// <summary>Other owners still hold it: drop only the references to absent or foreground-deleting owners.</summary>
    public sealed record RemoveOwnerReferences(IReadOnlyList<string> OwnerUids) : AttemptToDeletePlan;

    public sealed record Delete(string PropagationPolicy) : AttemptToDeletePlan;

    public const string Background = "Background";
    public const string Foreground = "Foreground";
    public const string Orphan = "Orphan";
}
