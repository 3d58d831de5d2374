using System.Collections.Immutable;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// The per-(DaemonSet, generation, node) backoff that keeps the controller from hot-looping against a kubelet that
/// keeps failing its pods (upstream's flowcontrol.Backoff without jitter: 1s doubling to 15m). Immutable: every
/// change returns a new value, which the controller stores between syncs.
/// </summary>
/// <remarks>
/// Invariants: an entry whose last update is more than 2×max ago is expired — treated as absent by every method
/// (the item is considered stable again) and dropped by <see cref="GC"/>.
/// </remarks>
public sealed class FailedPodBackoff
{
    private readonly ImmutableDictionary<string, FailedPodBackoffEntry> _entries;

    public FailedPodBackoff(TimeSpan initial, TimeSpan max)
        : this(initial, max, ImmutableDictionary.Create<string, FailedPodBackoffEntry>(StringComparer.Ordinal))
    {
    }

    private FailedPodBackoff(TimeSpan initial, TimeSpan max, ImmutableDictionary<string, FailedPodBackoffEntry> entries)
    {
        Initial = initial;
        Max = max;
        _entries = entries;
    }

    public static FailedPodBackoff Default { get; } =
        new(DaemonSetControllerDefaults.FailedPodBackoffInitial, DaemonSetControllerDefaults.FailedPodBackoffMax);

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    public IReadOnlyDictionary<string, FailedPodBackoffEntry> Entries => _entries;

    /// <summary>Upstream's failedPodsBackoffKey: <c>&lt;dsUID&gt;/&lt;status.observedGeneration&gt;/&lt;node&gt;</c>.</summary>
    public static string Key(V1DaemonSet ds, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return $"{ds.Metadata?.Uid}/{ds.Status?.ObservedGeneration ?? 0}/{nodeName}";
    }

    /// <summary>The current delay for <paramref name="key"/>, zero when there is no entry.</summary>
    public TimeSpan Get(string key) => _entries.TryGetValue(key, out var entry) ? entry.Backoff : TimeSpan.Zero;

    /// <summary>True while less than the current delay has passed since the last <see cref="Next"/>.</summary>
    public bool IsInBackOffSinceUpdate(string key, DateTimeOffset now) =>
        _entries.TryGetValue(key, out var entry) && !HasExpired(entry, now) && now - entry.LastUpdate < entry.Backoff;

    /// <summary>Records one more failure: the first (or first after expiry) waits Initial, each next one twice as long, up to Max.</summary>
    public FailedPodBackoff Next(string key, DateTimeOffset now)
    {
        var backoff = _entries.TryGetValue(key, out var entry) && !HasExpired(entry, now)
            ? Min(entry.Backoff * 2, Max)
            : Initial;
        return new(Initial, Max, _entries.SetItem(key, new FailedPodBackoffEntry(backoff, now)));
    }

    /// <summary>Drops expired entries (upstream runs this every BackoffGCInterval).</summary>
    public FailedPodBackoff GC(DateTimeOffset now)
    {
        var expired = _entries.Where(p => HasExpired(p.Value, now)).Select(p => p.Key).ToList();
        return expired.Count == 0 ? this : new(Initial, Max, _entries.RemoveRange(expired));
    }

    private bool HasExpired(FailedPodBackoffEntry entry, DateTimeOffset now) => now - entry.LastUpdate > Max * 2;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
