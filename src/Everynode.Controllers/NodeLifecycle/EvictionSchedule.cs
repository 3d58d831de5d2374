using System.Collections.Concurrent;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>
/// The taint eviction controller's memory of pending evictions (upstream's timed worker queue), keyed by pod: when
/// each eviction was first decided. Given a fresh <see cref="TaintEvictionPlan"/> it says what to do now.
/// Safe for concurrent use by workers that never share a key.
/// </summary>
public sealed class EvictionSchedule
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _started = new(StringComparer.Ordinal);

    public bool IsEmpty => _started.IsEmpty;

    /// <summary>
    /// Keep → cancel any pending eviction (<see cref="EvictionStep.Cancelled"/> if there was one); evict → the
    /// first decision starts the clock and later ones keep it, so the pod goes at start + tolerationSeconds
    /// (<see cref="EvictionStep.Wait"/> until then, <see cref="EvictionStep.EvictNow"/> from then on).
    /// </summary>
    public (EvictionStep Step, TimeSpan Delay) Next(string podKey, TaintEvictionPlan plan, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (!plan.Evict)
        {
            return (_started.TryRemove(podKey, out _) ? EvictionStep.Cancelled : EvictionStep.Nothing, TimeSpan.Zero);
        }

        var fireAt = _started.GetOrAdd(podKey, now) + plan.After!.Value;
        return fireAt > now ? (EvictionStep.Wait, fireAt - now) : (EvictionStep.EvictNow, TimeSpan.Zero);
    }

    /// <summary>Forgets the pod (evicted, gone, or no longer on a node), without a cancellation.</summary>
    public void Forget(string podKey) => _started.TryRemove(podKey, out _);
}
