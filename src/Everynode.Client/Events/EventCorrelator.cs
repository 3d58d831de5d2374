namespace Everynode.Client.Events;

/// <summary>
/// Upstream's event correlation, applied before anything is written, so that a controller creating ten thousand
/// pods does not write ten thousand Events about its DaemonSet:
/// <list type="bullet">
/// <item><b>Aggregation.</b> Events that differ only in their message (same source, object, type and reason) are
/// counted per 10-minute window; from the 10th distinct message on, they become one aggregate event whose message is
/// <c>(combined from similar events): </c> and the latest message, patched with a rising count.</item>
/// <item><b>Spam filter.</b> Each source may record a burst of 25 events about one object, refilled at one every
/// 5 minutes; the rest are not written (an exact repeat still raises the count of the next one that is).</item>
/// </list>
/// Not thread-safe: the recorder's single writer calls it. Times are the events' own timestamps.
/// </summary>
internal sealed class EventCorrelator(string component, string? host, EventCorrelatorOptions options)
{
    public const string AggregatePrefix = "(combined from similar events): ";

    private readonly LruCache<string, AggregateRecord> _aggregates = new(options.CacheSize);
    private readonly LruCache<string, TokenBucket> _spam = new(options.CacheSize);

    /// <summary>What to do with <paramref name="e"/>: the key its Event is remembered by, the message to write, and whether to skip writing.</summary>
    public CorrelatedEvent Correlate(PendingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var (key, message) = Aggregate(e);
        return new CorrelatedEvent(key, message, Skip: !Accept(e));
    }

    private (string Key, string Message) Aggregate(PendingEvent e)
    {
        var r = e.InvolvedObject;
        var aggregateKey = string.Join('\0', component, host, r.Kind, r.NamespaceProperty, r.Name, r.Uid, r.ApiVersion, e.Type, e.Reason);
        if (!_aggregates.TryGet(aggregateKey, out var record) || e.Timestamp - record.Last > options.AggregationWindow)
        {
            record = new AggregateRecord();
        }

        record.Messages.Add(e.Message);
        record.Last = e.Timestamp;
        _aggregates.Set(aggregateKey, record);
        if (record.Messages.Count < options.AggregateAfter)
        {
            return (string.Join('\0', aggregateKey, r.FieldPath, e.Message), e.Message);
        }

        // Keep the set at its threshold: every further distinct message keeps the aggregate going.
        record.Messages.Remove(record.Messages.First());
        return (aggregateKey, AggregatePrefix + e.Message);
    }

    private bool Accept(PendingEvent e)
    {
        var r = e.InvolvedObject;
        var spamKey = string.Join('\0', component, host, r.Kind, r.NamespaceProperty, r.Name, r.Uid, r.ApiVersion);
        if (!_spam.TryGet(spamKey, out var bucket))
        {
            bucket = new TokenBucket(options.SpamBurst, e.Timestamp);
        }

        var accepted = bucket.TryTake(e.Timestamp, options.SpamBurst, options.SpamRefillEvery);
        _spam.Set(spamKey, bucket);
        return accepted;
    }

    private sealed class AggregateRecord
    {
        public HashSet<string> Messages { get; } = new(StringComparer.Ordinal);

        public DateTimeOffset Last { get; set; }
    }

    /// <summary>A token bucket: <c>burst</c> tokens at first, one more every refill interval, never above burst.</summary>
    private sealed class TokenBucket(double tokens, DateTimeOffset at)
    {
        public bool TryTake(DateTimeOffset now, int burst, TimeSpan refillEvery)
        {
            if (now > at)
            {
                tokens = Math.Min(burst, tokens + ((now - at) / refillEvery));
                at = now;
            }

            if (tokens < 1)
            {
                return false;
            }

            tokens--;
            return true;
        }
    }
}

/// <summary>The outcome of <see cref="EventCorrelator.Correlate"/>.</summary>
internal sealed record CorrelatedEvent(string Key, string Message, bool Skip);

/// <summary>Upstream's correlation defaults (client-go's record package).</summary>
public sealed record EventCorrelatorOptions
{
    /// <summary>How many distinct messages of one source/object/type/reason in a window turn into an aggregate event.</summary>
    public int AggregateAfter { get; init; } = 10;

    /// <summary>How long since the last similar event a window lasts.</summary>
    public TimeSpan AggregationWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How many events one source may record about one object at once.</summary>
    public int SpamBurst { get; init; } = 25;

    /// <summary>How often the spam filter gives an object one more event.</summary>
    public TimeSpan SpamRefillEvery { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many aggregation and spam records are kept (least recently used go first).</summary>
    public int CacheSize { get; init; } = 4096;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(AggregateAfter, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(SpamBurst, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(CacheSize, 1);
        if (AggregationWindow <= TimeSpan.Zero || SpamRefillEvery <= TimeSpan.Zero)
        {
            throw new ArgumentException("event correlation intervals must be positive");
        }
    }
}
