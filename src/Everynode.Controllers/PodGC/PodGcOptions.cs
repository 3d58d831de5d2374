namespace Everynode.Controllers.PodGC;

/// <summary>Settings of the <see cref="PodGarbageCollector"/>, with upstream's defaults.</summary>
public sealed record PodGcOptions
{
    /// <summary>Terminated pods kept before the oldest are deleted (<c>--terminated-pod-gc-threshold</c>); 0 turns this off.</summary>
    public int TerminatedPodThreshold { get; init; } = 12500;

    /// <summary>How long a node must stay absent before its pods are deleted (upstream's quarantineTime).</summary>
    public TimeSpan QuarantineTime { get; init; } = TimeSpan.FromSeconds(40);

    /// <summary>How often the pods are checked (upstream's gcCheckPeriod).</summary>
    public TimeSpan CheckPeriod { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Deletes issued at once within a pass (upstream: 10).</summary>
    public int Workers { get; init; } = 10;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(TerminatedPodThreshold);
        ArgumentOutOfRangeException.ThrowIfLessThan(QuarantineTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(CheckPeriod, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
    }
}
