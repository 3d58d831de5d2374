namespace Everynode.Storage.InMemory;

/// <summary>One write of a key; a delete is kept as a tombstone holding the deleted value.</summary>
internal readonly record struct KeyVersion(KeyValue Value, bool Deleted)
{
    public long Revision => Value.ModRevision;
}
