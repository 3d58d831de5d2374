namespace Everynode.Agent.Pods;

/// <summary>
/// Upstream's per-key exponential backoff (client-go flowcontrol.Backoff), used for crash loops and image pulls:
/// the first <see cref="Next"/> sets the initial delay, each later one doubles it up to the maximum, and an entry
/// whose last update is more than twice the maximum ago (10 minutes for 10 s..5 min) starts over.
/// Invariant: a key is "in backoff since t" while now - t is shorter than its current delay.
/// </summary>
internal sealed class Backoff
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public Backoff(TimeSpan initial, TimeSpan max, TimeProvider time)
    {
        Initial = initial;
        Max = max;
        Time = time;
    }

    /// <summary>Upstream's kubelet crash-loop backoff: 10 s doubling to 5 min.</summary>
    public static Backoff CrashLoop(TimeProvider time) => new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), time);

    /// <summary>Upstream's image pull backoff: 10 s doubling to 5 min.</summary>
    public static Backoff ImagePull(TimeProvider time) => new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), time);

    public TimeSpan Initial { get; }

    public TimeSpan Max { get; }

    public TimeProvider Time { get; }

    /// <summary>The current delay of a key (zero when it has none).</summary>
    public TimeSpan Get(string key)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(key, out var e) ? e.Delay : TimeSpan.Zero;
        }
    }

    /// <summary>Records a failure at <paramref name="eventTime"/>: initial delay, or double the last one.</summary>
    public void Next(string key, DateTimeOffset eventTime)
    {
        lock (_lock)
        {
            if (!_entries.TryGetValue(key, out var e) || HasExpired(eventTime, e.LastUpdate))
            {
                _entries[key] = new Entry(Initial, eventTime);
            }
            else
            {
                _entries[key] = new Entry(TimeSpan.FromTicks(Math.Min(e.Delay.Ticks * 2, Max.Ticks)), eventTime);
            }
        }
    }

    /// <summary>True while the time since <paramref name="eventTime"/> is shorter than the key's delay.</summary>
    public bool IsInBackOffSince(string key, DateTimeOffset eventTime)
    {
        lock (_lock)
        {
            var now = Time.GetUtcNow();
            if (!_entries.TryGetValue(key, out var e) || HasExpired(now, e.LastUpdate))
            {
                return false;
            }

            return now - eventTime < e.Delay;
        }
    }

    /// <summary>True while the time since the key's last update is shorter than its delay (image pulls).</summary>
    public bool IsInBackOffSinceUpdate(string key)
    {
        lock (_lock)
        {
            var now = Time.GetUtcNow();
            if (!_entries.TryGetValue(key, out var e) || HasExpired(now, e.LastUpdate))
            {
                return false;
            }

            return now - e.LastUpdate < e.Delay;
        }
    }

    /// <summary>When the key's current backoff ends, counted from <paramref name="since"/>.</summary>
    public DateTimeOffset EndsAt(string key, DateTimeOffset since) => since + Get(key);

    /// <summary>Forgets a key (its pod is gone).</summary>
    public void Reset(string key)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }
    }

    /// <summary>Forgets every key with the given prefix (all containers of one pod).</summary>
    public void ResetPrefix(string prefix)
    {
        lock (_lock)
        {
            foreach (var key in _entries.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
            {
                _entries.Remove(key);
            }
        }
    }

    private bool HasExpired(DateTimeOffset eventTime, DateTimeOffset lastUpdate) => eventTime - lastUpdate > Max * 2;

    private readonly record struct Entry(TimeSpan Delay, DateTimeOffset LastUpdate);
}
