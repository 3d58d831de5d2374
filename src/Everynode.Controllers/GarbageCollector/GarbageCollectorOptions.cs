namespace Everynode.Controllers.GarbageCollector;

/// <summary>Settings of the <see cref="GarbageCollector"/>.</summary>
public sealed record GarbageCollectorOptions
{
    /// <summary>Keys reconciled at once (upstream's <c>--concurrent-gc-syncs</c>, 20 there).</summary>
    public int Workers { get; init; } = 5;

    /// <summary>How many owners confirmed absent are remembered, to spare live reads (upstream: 500).</summary>
    public int AbsentOwnerCacheSize { get; init; } = 500;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(AbsentOwnerCacheSize, 1);
    }
}
