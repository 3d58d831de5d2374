namespace Everynode.Storage.Sqlite;

/// <summary>The embedded default datastore: one SQLite file, WAL, group commit.</summary>
public sealed class SqliteStore : IStore
{
    private SqliteStore()
    {
    }

    public long CompactedRevision => throw new NotImplementedException();

    /// <summary>Opens (creating if needed) the database and starts the writer and the compactor.</summary>
    public static Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask<KeyValue?> GetAsync(string key, long revision, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask<long> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask<long> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public ValueTask<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public IStoreWatch Watch(string prefix, long afterRevision) => throw new NotImplementedException();

    public ValueTask CompactAsync(long revision, CancellationToken cancellationToken) => throw new NotImplementedException();

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
