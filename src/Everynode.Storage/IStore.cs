namespace Everynode.Storage;

/// <summary>
/// The MVCC key-value contract every datastore implements (SQLite, in-memory, etcd).
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>Every successful write (create, update, delete) gets a new, strictly larger global revision.</item>
/// <item>A key's <see cref="KeyValue.ModRevision"/> is the revision of its last write; <see cref="KeyValue.CreateRevision"/>
/// the revision that created it (a key deleted and created again gets a new create revision).</item>
/// <item>A task that completed successfully is durable: it survives a crash of the process right after.</item>
/// <item>Watches deliver every event whose revision is greater than the revision they start from, in revision order,
/// or end with <see cref="WatcherTooSlowException"/> if the consumer falls too far behind. They never skip events silently.</item>
/// <item>After <see cref="CompactAsync"/> at revision C, reads and watches at a revision below C fail with
/// <see cref="RevisionCompactedException"/>; the current value of every live key stays readable.</item>
/// </list>
/// </remarks>
public interface IStore : IAsyncDisposable
{
    /// <summary>The revision of the newest write (0 for an empty store).</summary>
    ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken);

    /// <summary>The revision below which history is gone (0 when nothing was compacted).</summary>
    long CompactedRevision { get; }

    /// <summary>
    /// Reads one key at <paramref name="revision"/> (0 = newest). Returns null when the key does not exist at that
    /// revision. Throws <see cref="RevisionCompactedException"/> for a compacted revision and
    /// <see cref="FutureRevisionException"/> for one that is not written yet.
    /// </summary>
    ValueTask<KeyValue?> GetAsync(string key, long revision, CancellationToken cancellationToken);

    /// <summary>
    /// Lists the keys that start with <paramref name="prefix"/>, in key order, as of one revision.
    /// </summary>
    ValueTask<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken);

    /// <summary>Counts the live keys under a prefix at the newest revision.</summary>
    ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken);

    /// <summary>Creates a key. Throws <see cref="KeyExistsException"/> if it exists. Returns the new revision.</summary>
    ValueTask<long> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces a key's value. With <paramref name="expectedModRevision"/> &gt; 0 the write only happens if the key's
    /// mod revision is exactly that, else <see cref="ConflictException"/> (carrying the current value).
    /// Throws <see cref="KeyNotFoundException"/> if the key does not exist. Returns the new revision.
    /// </summary>
    ValueTask<long> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes a key, guarded like <see cref="UpdateAsync"/>. Returns the revision of the delete and the value that was deleted.
    /// </summary>
    ValueTask<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Watches every key under <paramref name="prefix"/> for events with a revision greater than
    /// <paramref name="afterRevision"/>. Throws <see cref="RevisionCompactedException"/> at once if
    /// <paramref name="afterRevision"/> is older than the compacted revision. Dispose the watch to stop it.
    /// </summary>
    IStoreWatch Watch(string prefix, long afterRevision);

    /// <summary>Discards history at and below <paramref name="revision"/> (the newest value of every live key stays).</summary>
    ValueTask CompactAsync(long revision, CancellationToken cancellationToken);
}

/// <summary>A stored key at one revision.</summary>
public sealed record KeyValue(string Key, ReadOnlyMemory<byte> Value, long CreateRevision, long ModRevision);

/// <param name="Revision">Revision to read at; 0 means the newest.</param>
/// <param name="StartKey">Inclusive key to start from (used to continue a paged list); null starts at the prefix.</param>
/// <param name="Limit">Most items to return; 0 means no limit.</param>
public sealed record ListOptions(long Revision = 0, string? StartKey = null, int Limit = 0);

/// <param name="Items">The keys, in key order.</param>
/// <param name="Revision">The revision the list was read at.</param>
/// <param name="More">True when the limit cut the list short.</param>
/// <param name="RemainingCount">How many more keys there are after the returned ones (0 when none).</param>
public sealed record ListResult(IReadOnlyList<KeyValue> Items, long Revision, bool More, long RemainingCount);

/// <param name="Revision">The revision of the delete.</param>
/// <param name="Deleted">The key as it was just before the delete.</param>
public sealed record DeleteResult(long Revision, KeyValue Deleted);

public enum WatchEventType
{
    Put,
    Delete,
}

/// <summary>
/// One change. For <see cref="WatchEventType.Put"/>, <see cref="Current"/> is the new value (CreateRevision equal to
/// its ModRevision means the key was created). For <see cref="WatchEventType.Delete"/>, <see cref="Current"/> holds
/// the deleted value with ModRevision = the delete's revision. <see cref="Previous"/> is the value before the
/// change, when known.
/// </summary>
public sealed record WatchEvent(WatchEventType Type, KeyValue Current, KeyValue? Previous)
{
    public long Revision => Current.ModRevision;

    public bool IsCreate => Type == WatchEventType.Put && Current.CreateRevision == Current.ModRevision;
}

/// <summary>A running watch. Reading ends when the watch is disposed or fails (the reader then throws).</summary>
public interface IStoreWatch : IDisposable
{
    /// <summary>
    /// Events in revision order. Completes with an exception (e.g. <see cref="WatcherTooSlowException"/>) when the watch
    /// fails, after the events already buffered: <c>ReadAllAsync</c> and <c>WaitToReadAsync</c> throw it as is,
    /// <c>ReadAsync</c> throws a <see cref="System.Threading.Channels.ChannelClosedException"/> with it as the inner exception.
    /// </summary>
    System.Threading.Channels.ChannelReader<WatchEvent> Events { get; }
}
