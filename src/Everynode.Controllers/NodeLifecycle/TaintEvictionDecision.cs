namespace Everynode.Controllers.NodeLifecycle;

/// <summary>What the taint eviction controller should do with one pod.</summary>
/// <param name="Evict">whether the pod must go at all</param>
/// <param name="After">how long after the first decision to evict it (zero: now); null when <paramref name="Evict"/> is false</param>
public sealed record TaintEvictionDecision(bool Evict, TimeSpan? After)
{
    public static TaintEvictionDecision Keep { get; } = new(false, null);

    public static TaintEvictionDecision Now { get; } = new(true, TimeSpan.Zero);

    public static TaintEvictionDecision Later(TimeSpan after) => new(true, after);
}
