namespace Everynode.Storage;

/// <summary>Base of every error the storage contract defines.</summary>
public abstract class StoreException : Exception
{
    protected StoreException(string message)
        : base(message)
    {
    }
}

/// <summary>Create of a key that exists.</summary>
public sealed class KeyExistsException(string key) : StoreException($"key already exists: {key}")
{
    public string Key { get; } = key;
}

/// <summary>Update or delete of a key that does not exist.</summary>
public sealed class KeyNotFoundException(string key) : StoreException($"key not found: {key}")
{
    public string Key { get; } = key;
}

/// <summary>A guarded write whose expected mod revision did not match the key's.</summary>
public sealed class ConflictException(string key, long expectedModRevision, KeyValue current)
    : StoreException($"key {key} has mod revision {current.ModRevision}, not {expectedModRevision}")
{
    public string Key { get; } = key;

    public long ExpectedModRevision { get; } = expectedModRevision;

    public KeyValue Current { get; } = current;
}

/// <summary>A read or watch at a revision whose history was compacted away ("too old").</summary>
public sealed class RevisionCompactedException(long requested, long compacted)
    : StoreException($"revision {requested} is older than the compacted revision {compacted}")
{
    public long RequestedRevision { get; } = requested;

    public long CompactedRevision { get; } = compacted;
}

/// <summary>A read at a revision that has not been written yet.</summary>
public sealed class FutureRevisionException(long requested, long current)
    : StoreException($"revision {requested} is newer than the current revision {current}")
{
    public long RequestedRevision { get; } = requested;

    public long CurrentRevision { get; } = current;
}

/// <summary>Ends a watch whose consumer fell too far behind; the consumer must list again and re-watch.</summary>
public sealed class WatcherTooSlowException(long lastDeliveredRevision)
    : StoreException($"watcher fell behind after revision {lastDeliveredRevision}")
{
    public long LastDeliveredRevision { get; } = lastDeliveredRevision;
}
