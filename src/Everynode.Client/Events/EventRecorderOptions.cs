namespace Everynode.Client.Events;

/// <summary>Who records events and how much the recorder buffers.</summary>
public sealed record EventRecorderOptions
{
    /// <summary><c>source.component</c> and <c>reportingComponent</c>, e.g. <c>daemonset-controller</c>.</summary>
    public required string Component { get; init; }

    /// <summary><c>source.host</c> and <c>reportingInstance</c>; optional.</summary>
    public string? Host { get; init; }

    /// <summary>Events waiting to be written; further events are dropped (and counted) until there is room.</summary>
    public int QueueCapacity { get; init; } = 1000;

    /// <summary>How many distinct (object, type, reason, message) events are remembered for aggregation.</summary>
    public int AggregationCacheSize { get; init; } = 4096;

    /// <summary>Aggregation of similar events and the per-object spam filter (upstream's defaults).</summary>
    public EventCorrelatorOptions Correlation { get; init; } = new();

    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Correlation);
        Correlation.Validate();
        ArgumentException.ThrowIfNullOrWhiteSpace(Component);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(AggregationCacheSize, 1);
    }
}
