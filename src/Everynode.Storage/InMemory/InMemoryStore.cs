using System.Runtime.CompilerServices;
using Everynode.Storage.Watch;

namespace Everynode.Storage.InMemory;

/// <summary>A datastore in memory, for tests: the same semantics as the SQLite store, kept simple with one lock.</summary>
public sealed class InMemoryStore : IStore, IEventHistory
{
    private const int RingCapacity = 1024;

    private readonly Lock _lock = new();

    // Every key's versions, oldest first; a key whose only remaining version is a tombstone is removed by compaction.
    private readonly SortedDictionary<string, List<KeyVersion>> _keys = new(StringComparer.Ordinal);

    // Every event newer than the compacted revision, in revision order.
    private readonly List<WatchEvent> _log = [];
    private readonly WatchHub _hub;
    private long _revision;
    private long _compactedRevision;

    public InMemoryStore(int watcherBufferSize = 100_000)
    {
        _hub = new WatchHub(this, currentRevision: 0, compactedRevision: 0, RingCapacity, watcherBufferSize);
    }

    public long CompactedRevision
    {
        get
        {
            lock (_lock)
            {
                return _compactedRevision;
            }
        }
    }

    public ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(_revision);
        }
    }

    public ValueTask<KeyValue?> GetAsync(string key, long revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            var at = ResolveReadRevision(revision);
            return ValueTask.FromResult(_keys.TryGetValue(key, out var versions) ? LiveAt(versions, at) : null);
        }
    }

    public ValueTask<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        var range = KeyRange.ForPrefix(prefix, options.StartKey);
        lock (_lock)
        {
            var at = ResolveReadRevision(options.Revision);
            var items = new List<KeyValue>();
            long remaining = 0;
            foreach (var (key, versions) in _keys)
            {
                if (!range.Contains(key) || !key.StartsWith(prefix, StringComparison.Ordinal) || LiveAt(versions, at) is not { } value)
                {
                    continue;
                }

                if (options.Limit > 0 && items.Count == options.Limit)
                {
                    remaining++;
                }
                else
                {
                    items.Add(value);
                }
            }

            return ValueTask.FromResult(new ListResult(items, at, remaining > 0, remaining));
        }
    }

    public ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        lock (_lock)
        {
            long count = _keys.Count(pair => pair.Key.StartsWith(prefix, StringComparison.Ordinal) && !pair.Value[^1].Deleted);
            return ValueTask.FromResult(count);
        }
    }

    public ValueTask<long> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            if (Live(key) is not null)
            {
                throw new KeyExistsException(key);
            }

            var revision = _revision + 1;
            Append(new WatchEvent(WatchEventType.Put, new KeyValue(key, value.ToArray(), revision, revision), Previous: null), deleted: false);
            return ValueTask.FromResult(revision);
        }
    }

    public ValueTask<long> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            var current = Guard(key, expectedModRevision);
            var revision = _revision + 1;
            var updated = new KeyValue(key, value.ToArray(), current.CreateRevision, revision);
            Append(new WatchEvent(WatchEventType.Put, updated, current), deleted: false);
            return ValueTask.FromResult(revision);
        }
    }

    public ValueTask<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_lock)
        {
            var current = Guard(key, expectedModRevision);
            var revision = _revision + 1;
            Append(new WatchEvent(WatchEventType.Delete, current with { ModRevision = revision }, current), deleted: true);
            return ValueTask.FromResult(new DeleteResult(revision, current));
        }
    }

    public IStoreWatch Watch(string prefix, long afterRevision) => _hub.Watch(prefix, afterRevision);

    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (revision > _revision)
            {
                throw new FutureRevisionException(revision, _revision);
            }

            if (revision <= _compactedRevision)
            {
                return ValueTask.CompletedTask;
            }

            // Keep, per key, the newest version at or below the compacted revision (unless it is a tombstone) and all newer ones.
            foreach (var key in _keys.Keys.ToList())
            {
                var versions = _keys[key];
                var newestOld = versions.FindLastIndex(v => v.Revision <= revision);
                if (newestOld < 0)
                {
                    continue;
                }

                versions.RemoveRange(0, versions[newestOld].Deleted ? newestOld + 1 : newestOld);
                if (versions.Count == 0)
                {
                    _keys.Remove(key);
                }
            }

            _log.RemoveAll(e => e.Revision <= revision);
            _compactedRevision = revision;
            _hub.SetCompactedRevision(revision);
            return ValueTask.CompletedTask;
        }
    }

    public ValueTask DisposeAsync()
    {
        _hub.Dispose();
        return ValueTask.CompletedTask;
    }

    async IAsyncEnumerable<WatchEvent> IEventHistory.ReadAsync(
        string prefix, long afterRevision, long throughRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        List<WatchEvent> events;
        lock (_lock)
        {
            if (afterRevision < _compactedRevision)
            {
                throw new RevisionCompactedException(afterRevision, _compactedRevision);
            }

            events = _log.FindAll(e => e.Revision > afterRevision && e.Revision <= throughRevision
                && e.Current.Key.StartsWith(prefix, StringComparison.Ordinal));
        }

        foreach (var e in events)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }

    private static KeyValue? LiveAt(List<KeyVersion> versions, long revision)
    {
        for (var i = versions.Count - 1; i >= 0; i--)
        {
            if (versions[i].Revision <= revision)
            {
                return versions[i].Deleted ? null : versions[i].Value;
            }
        }

        return null;
    }

    private KeyValue? Live(string key) =>
        _keys.TryGetValue(key, out var versions) && !versions[^1].Deleted ? versions[^1].Value : null;

    private KeyValue Guard(string key, long expectedModRevision)
    {
        var current = Live(key) ?? throw new KeyNotFoundException(key);
        if (expectedModRevision > 0 && current.ModRevision != expectedModRevision)
        {
            throw new ConflictException(key, expectedModRevision, current);
        }

        return current;
    }

    private long ResolveReadRevision(long revision)
    {
        if (revision <= 0)
        {
            return _revision;
        }

        if (revision > _revision)
        {
            throw new FutureRevisionException(revision, _revision);
        }

        if (revision < _compactedRevision)
        {
            throw new RevisionCompactedException(revision, _compactedRevision);
        }

        return revision;
    }

    private void Append(WatchEvent e, bool deleted)
    {
        var key = e.Current.Key;
        if (!_keys.TryGetValue(key, out var versions))
        {
            versions = [];
            _keys.Add(key, versions);
        }

        versions.Add(new KeyVersion(e.Current, deleted));
        _log.Add(e);
        _revision = e.Revision;
        _hub.Publish([e]);
    }
}
