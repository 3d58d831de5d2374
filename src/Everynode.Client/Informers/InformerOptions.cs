namespace Everynode.Client.Informers;

/// <summary>How an informer lists, watches and retries.</summary>
public sealed record InformerOptions
{
    /// <summary>Items per list page (limit/continue). Null lists in one request.</summary>
    public int? PageSize { get; init; } = 500;

    /// <summary>First wait after a failed list or watch; doubles per consecutive failure.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Server-side timeout asked for each watch (timeoutSeconds), so long-lived connections are recycled now and
    /// then. The informer re-watches from its last resourceVersion when the server ends a watch; it does not re-list.
    /// Null leaves the server's default.
    /// </summary>
    public TimeSpan? WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Drop <c>metadata.managedFields</c> from every object before it is cached (upstream's informer transform of
    /// the same purpose): for informers whose users never read them, a large share of each cached object. An update
    /// sent from such an object carries no managedFields, which the server reads as "unchanged".
    /// </summary>
    public bool StripManagedFields { get; init; }

    public void Validate()
    {
        if (PageSize is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(PageSize), PageSize, "must be positive");
        }

        if (InitialBackoff <= TimeSpan.Zero || MaxBackoff < InitialBackoff)
        {
            throw new ArgumentOutOfRangeException(nameof(InitialBackoff), InitialBackoff, "backoff must be positive and at most MaxBackoff");
        }

        if (WatchTimeout is { } t && t < TimeSpan.FromSeconds(1))
        {
            throw new ArgumentOutOfRangeException(nameof(WatchTimeout), WatchTimeout, "must be at least one second");
        }
    }
}
