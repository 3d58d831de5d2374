namespace Everynode.Storage.Watch;

/// <summary>
/// Fans committed events out to watchers; shared by every store implementation.
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>The store calls <see cref="Publish"/> once per committed event, in revision order, after the event is durable
/// and readable through <see cref="IEventHistory"/>.</item>
/// <item>A new watch is registered under the hub lock at the published revision H. The events it missed
/// (afterRevision, H] come from the ring if it still covers them, else from history; live events (&gt; H) are queued
/// behind them. Every event is therefore delivered exactly once, in order.</item>
/// <item>Publishing never blocks: a watcher whose buffer is full is ended with <see cref="WatcherTooSlowException"/>.</item>
/// </list>
/// </remarks>
internal sealed class WatchHub : IDisposable
{
    private readonly Lock _lock = new();
    private readonly List<HubWatcher> _watchers = [];
    private readonly IEventHistory _history;
    private readonly EventRing _ring;
    private readonly int _watcherBufferSize;
    private long _publishedRevision;
    private long _compactedRevision;
    private bool _disposed;

    public WatchHub(IEventHistory history, long currentRevision, long compactedRevision, int ringCapacity, int watcherBufferSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(watcherBufferSize);
        _history = history;
        _ring = new EventRing(ringCapacity, currentRevision);
        _publishedRevision = currentRevision;
        _compactedRevision = compactedRevision;
        _watcherBufferSize = watcherBufferSize;
    }

    public int WatcherCount
    {
        get
        {
            lock (_lock)
            {
                return _watchers.Count;
            }
        }
    }

    public void Publish(IReadOnlyList<WatchEvent> events)
    {
        lock (_lock)
        {
            var anyEnded = false;
            foreach (var e in events)
            {
                _ring.Add(e);
                _publishedRevision = e.Revision;
                foreach (var watcher in _watchers)
                {
                    anyEnded |= !watcher.Offer(e);
                }
            }

            if (anyEnded)
            {
                _watchers.RemoveAll(w => w.IsEnded);
            }
        }
    }

    public void SetCompactedRevision(long revision)
    {
        lock (_lock)
        {
            _compactedRevision = Math.Max(_compactedRevision, revision);
        }
    }

    public IStoreWatch Watch(string prefix, long afterRevision)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (afterRevision < _compactedRevision)
            {
                throw new RevisionCompactedException(afterRevision, _compactedRevision);
            }

            var watcher = new HubWatcher(this, prefix, _watcherBufferSize, afterRevision, _publishedRevision);
            _watchers.Add(watcher);
            if (afterRevision >= _publishedRevision)
            {
                return watcher;
            }

            if (afterRevision >= _ring.CoversAfter)
            {
                watcher.CatchUpFromMemory(_ring.CopyAfter(afterRevision, prefix));
            }
            else
            {
                watcher.CatchUpFromHistory(_history, afterRevision, _publishedRevision);
            }

            return watcher;
        }
    }

    /// <summary>Called by a watcher whose catch-up has written every missed event: it turns live.</summary>
    internal void FinishCatchUp(HubWatcher watcher)
    {
        lock (_lock)
        {
            if (!watcher.DrainPending())
            {
                _watchers.Remove(watcher);
            }
        }
    }

    internal void Remove(HubWatcher watcher)
    {
        lock (_lock)
        {
            _watchers.Remove(watcher);
        }
    }

    public void Dispose()
    {
        HubWatcher[] watchers;
        lock (_lock)
        {
            _disposed = true;
            watchers = [.. _watchers];
            _watchers.Clear();
        }

        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
    }
}
