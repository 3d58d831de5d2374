namespace Everynode.Controllers.NodeLifecycle;

/// <summary>What the taint eviction controller should do with one pod.</summary>
/// <param name="Evict">whether the pod must go at all</param>
/// <param name="After">how long after the first decision to evict it (zero: now); null when <paramref name="Evict"/> is false</param>
public sealed record TaintEvictionPlan(bool Evict, TimeSpan? After)
{
    public static TaintEvictionPlan Keep { get; } = new(false, null);

    public static TaintEvictionPlan Now { get; } = new(true, TimeSpan.Zero);

    public static TaintEvictionPlan Later(TimeSpan after) => new(true, after);
}
