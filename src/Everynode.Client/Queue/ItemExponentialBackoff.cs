namespace Everynode.Client.Queue;

/// <summary>
/// Per-item exponential backoff (upstream's ItemExponentialFailureRateLimiter): the n-th consecutive failure of
/// an item waits BaseDelay × 2^(n−1), capped at MaxDelay, until the item is forgotten. No overall rate limit.
/// </summary>
internal sealed class ItemExponentialBackoff<TKey>(WorkQueueOptions options)
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, int> _failures = [];

    public TimeSpan When(TKey key)
    {
        lock (_lock)
        {
            var failures = _failures.GetValueOrDefault(key);
            _failures[key] = failures + 1;

            // 2^exponent overflows a TimeSpan long before 62; by then the cap applies anyway.
            var exponent = Math.Min(failures, 62);
            var ticks = options.BaseDelay.Ticks * Math.Pow(2, exponent);
            return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
        }
    }

    public int NumRequeues(TKey key)
    {
        lock (_lock)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    public void Forget(TKey key)
    {
        lock (_lock)
        {
            _failures.Remove(key);
        }
    }
}
