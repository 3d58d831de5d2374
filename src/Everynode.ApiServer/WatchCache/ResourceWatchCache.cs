using System.Collections.Immutable;
using Everynode.Api.Resources;
using Everynode.Storage;

namespace Everynode.ApiServer.WatchCache;

/// <summary>
/// The watch cache of one resource: every current object (an immutable sorted map, so a list reads a snapshot without
/// holding any lock) and a ring of its most recent events, which watchers read at their own pace.
/// </summary>
/// <remarks>
/// Invariants (all state changes happen under the owning <see cref="WatchCacheSet"/>'s gate, by its one feed; snapshots
/// and seeks take the gate, watchers' reads do not):
/// <list type="bullet">
/// <item>Every event of this resource with a revision above <c>_windowStart</c> is in the ring, in revision order;
/// a watch from an older revision is answered 410 Expired.</item>
/// <item>Event number <c>n</c> (counted from the last reset) sits at <c>_ring[n % capacity]</c> while
/// <c>n &gt;= _appended - capacity</c>; a watcher whose next event has been overwritten is cut off.</item>
/// <item>A reset (the feed re-listed the store) bumps <c>_generation</c>; every watcher of an older generation is
/// cut off, since the events between the two states are not known.</item>
/// </list>
/// </remarks>
internal sealed class ResourceWatchCache
{
    private readonly object _gate;
    private readonly CachedEvent[] _ring;
    private ImmutableSortedDictionary<string, CachedObject> _objects = ImmutableSortedDictionary.Create<string, CachedObject>(StringComparer.Ordinal);
    private long _appended;
    private long _windowStart;
    private int _generation;
    private bool _closed;
    private TaskCompletionSource _changed = NewSignal();

    private readonly Func<long> _revision;
    private readonly List<IWatchCacheObserver> _observers = [];

    /// <param name="gate">The owning set's lock, held by the feed while it applies events.</param>
    /// <param name="revision">The revision every cache of the set is current as of (read under the gate).</param>
    public ResourceWatchCache(ResourceInfo resource, object gate, Func<long> revision, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        Resource = resource;
        _gate = gate;
        _revision = revision;
        _ring = new CachedEvent[capacity];
    }

    public ResourceInfo Resource { get; }

    /// <summary>The observers the feed tells of every reset and change (added before the set starts).</summary>
    internal IReadOnlyList<IWatchCacheObserver> Observers => _observers;

    internal void AddObserver(IWatchCacheObserver observer) => _observers.Add(observer);

    /// <summary>The current version of the object stored under <paramref name="key"/>; reads a snapshot, without the gate.</summary>
    public CachedObject? TryGet(string key) => Volatile.Read(ref _objects).GetValueOrDefault(key);

    /// <summary>Replaces the whole state with a list read at <paramref name="revision"/>; cuts off every watcher.</summary>
    internal void Reset(IEnumerable<KeyValue> items, long revision)
    {
        // The generation changes first: a reader that copied slots while they were cleared sees it and discards them.
        Volatile.Write(ref _generation, _generation + 1);
        _objects = items.Select(CachedObject.From).ToImmutableSortedDictionary(o => o.Key, o => o, StringComparer.Ordinal);
        Array.Clear(_ring);
        Volatile.Write(ref _appended, 0);
        _windowStart = revision;
        foreach (var observer in _observers)
        {
            observer.Reset(_objects.Values);
        }

        Signal();
    }

    /// <summary>Applies one store event (the caller holds the gate and signals after a batch).</summary>
    internal void Apply(WatchEvent ev)
    {
        var key = ev.Current.Key;
        _objects.TryGetValue(key, out var previous);
        var current = CachedObject.From(ev.Current);
        CachedEvent cached;
        if (ev.Type == WatchEventType.Delete)
        {
            _objects = _objects.Remove(key);
            cached = new CachedEvent(CachedEventType.Deleted, current, previous);
        }
        else
        {
            _objects = _objects.SetItem(key, current);
            // The type follows the store (create or not), as the store-fed watch did; Previous serves selector transitions.
            cached = ev.IsCreate
                ? new CachedEvent(CachedEventType.Added, current, null)
                : new CachedEvent(CachedEventType.Modified, current, previous ?? (ev.Previous is { } p ? CachedObject.From(p) : null));
        }

        var slot = (int)(_appended % _ring.Length);
        if (_appended >= _ring.Length)
        {
            _windowStart = _ring[slot].Revision;
        }

        _ring[slot] = cached;
        Volatile.Write(ref _appended, _appended + 1);
        foreach (var observer in _observers)
        {
            observer.Apply(cached);
        }
    }

    /// <summary>Ends every watcher for good: the feed failed (the caller holds the gate).</summary>
    internal void Close()
    {
        Volatile.Write(ref _closed, true);
        Signal();
    }

    /// <summary>Wakes the watchers waiting for events (the caller holds the gate).</summary>
    internal void Signal()
    {
        var changed = _changed;
        Volatile.Write(ref _changed, NewSignal());
        changed.TrySetResult();
    }

    /// <summary>The current objects, the revision they are current as of, and the position of the next event.</summary>
    public CacheSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new CacheSnapshot(_objects, _revision(), new WatchCursor(_generation, _appended));
        }
    }

    /// <summary>
    /// The position of the first event after <paramref name="revision"/>, or null with the oldest revision a watch may
    /// start from when <paramref name="revision"/> is older than the window.
    /// </summary>
    public WatchCursor? Seek(long revision, out long windowStart)
    {
        lock (_gate)
        {
            return SeekLocked(revision, out windowStart);
        }
    }

    private WatchCursor? SeekLocked(long revision, out long windowStart)
    {
        windowStart = _windowStart;
        if (revision < _windowStart)
        {
            return null;
        }

        // Binary search over the retained events (revisions increase with the event number).
        var lo = Math.Max(0, _appended - _ring.Length);
        var hi = _appended;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (_ring[(int)(mid % _ring.Length)].Revision <= revision)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return new WatchCursor(_generation, lo);
    }

    /// <summary>
    /// Copies up to <paramref name="max"/> events from <paramref name="cursor"/>. Returns false when the watcher was
    /// cut off (too slow, or the cache was reset or closed). With no new event, <paramref name="wake"/> completes at
    /// the next one, and every event of this resource up to <paramref name="revision"/> has been read.
    /// </summary>
    /// <remarks>
    /// Lock-free, so that many watchers never contend with each other or with the feed: the feed writes a slot before
    /// it publishes the new count, and bumps the generation before a reset clears the ring; a reader checks, after
    /// copying, that neither its slots were overwritten nor the generation changed (a sequence lock).
    /// </remarks>
    public bool Read(ref WatchCursor cursor, List<CachedEvent> into, int max, out Task wake, out long revision)
    {
        wake = Volatile.Read(ref _changed).Task;
        revision = _revision();
        var generation = Volatile.Read(ref _generation);
        var appended = Volatile.Read(ref _appended);
        if (Volatile.Read(ref _closed) || cursor.Generation != generation || cursor.Next < appended - _ring.Length)
        {
            return false;
        }

        var first = into.Count;
        var next = cursor.Next;
        while (next < appended && into.Count - first < max)
        {
            into.Add(_ring[(int)(next % _ring.Length)]);
            next++;
        }

        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _generation) != generation || cursor.Next < Volatile.Read(ref _appended) - _ring.Length)
        {
            into.RemoveRange(first, into.Count - first);
            return false;
        }

        cursor = cursor with { Next = next };
        return true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
