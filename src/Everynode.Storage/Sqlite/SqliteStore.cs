using Everynode.Storage.Watch;
using Microsoft.Data.Sqlite;

namespace Everynode.Storage.Sqlite;

/// <summary>The embedded default datastore: one SQLite file, WAL, group commit. See docs/storage.md.</summary>
public sealed class SqliteStore : IStore
{
    private readonly SqliteStoreOptions _options;
    private readonly SqliteConnection _writeConnection;
    private readonly SqliteReader _reader;
    private readonly WatchHub _hub;
    private readonly SqliteWriter _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _compaction;
    private int _disposed;

    private SqliteStore(SqliteStoreOptions options, SqliteConnection writeConnection, string connectionString)
    {
        _options = options;
        _writeConnection = writeConnection;
        var revision = SqliteSchema.ReadMeta(writeConnection, SqliteSchema.CurrentRevision, fallback: -1);
        if (revision < 0)
        {
            revision = SqliteSchema.ReadMaxRevision(writeConnection);
        }

        var compacted = SqliteSchema.ReadMeta(writeConnection, SqliteSchema.CompactedRevision, fallback: 0);
        var cursor = SqliteSchema.ReadMeta(writeConnection, SqliteSchema.CompactCursor, fallback: 0);
        _reader = new SqliteReader(connectionString);
        _hub = new WatchHub(_reader, revision, compacted, options.RecentEventsInMemory, options.WatcherBufferSize);
        _writer = new SqliteWriter(writeConnection, _hub, options.MaxBatchSize, revision, compacted, cursor);
        _compaction = options.CompactionInterval > TimeSpan.Zero ? CompactPeriodicallyAsync(_stop.Token) : Task.CompletedTask;
    }

    public long CompactedRevision => _writer.CompactedRevision;

    /// <summary>Transactions committed so far (each is one fsync); lets tests see group commit at work.</summary>
    internal long CommitCount => _writer.CommitCount;

    /// <summary>Opens (creating if needed) the database and starts the writer and the compactor.</summary>
    public static Task<SqliteStore> OpenAsync(SqliteStoreOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var path = Path.GetFullPath(options.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = false,
        }.ToString();
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            SqliteSchema.Initialize(connection);
            return Task.FromResult(new SqliteStore(options, connection, connectionString));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public ValueTask<long> GetCurrentRevisionAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_writer.CurrentRevision);

    public ValueTask<KeyValue?> GetAsync(string key, long revision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_reader.Get(key, revision));
    }

    public ValueTask<ListResult> ListAsync(string prefix, ListOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_reader.List(prefix, options));
    }

    public ValueTask<long> CountAsync(string prefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_reader.Count(prefix));
    }

    public async ValueTask<long> CreateAsync(string key, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new WriteRequest(WriteKind.Create, key, value.ToArray(), 0);
        await _writer.SubmitAsync(request);
        return request.Revision;
    }

    public async ValueTask<long> UpdateAsync(string key, ReadOnlyMemory<byte> value, long expectedModRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new WriteRequest(WriteKind.Update, key, value.ToArray(), expectedModRevision);
        await _writer.SubmitAsync(request);
        return request.Revision;
    }

    public async ValueTask<DeleteResult> DeleteAsync(string key, long expectedModRevision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new WriteRequest(WriteKind.Delete, key, value: null, expectedModRevision);
        await _writer.SubmitAsync(request);
        return new DeleteResult(request.Revision, request.Deleted!);
    }

    public IStoreWatch Watch(string prefix, long afterRevision) => _hub.Watch(prefix, afterRevision);

    /// <summary>
    /// Compacts in steps of a few hundred revisions, each one short write through the writer loop, so writers are never
    /// held up for long. Compacting at or below the compacted revision only finishes an interrupted compaction.
    /// </summary>
    public async ValueTask CompactAsync(long revision, CancellationToken cancellationToken)
    {
        var current = _writer.CurrentRevision;
        if (revision > current)
        {
            throw new FutureRevisionException(revision, current);
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var step = new WriteRequest(WriteKind.CompactStep, string.Empty, value: null, revision);
            await _writer.SubmitAsync(step);
            if (step.CompactionDone)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync();
        try
        {
            await _compaction;
        }
        catch (OperationCanceledException)
        {
            // Stopped while compacting.
        }

        await _writer.DisposeAsync();
        _hub.Dispose();
        _reader.Dispose();
        await _writeConnection.DisposeAsync();
        _stop.Dispose();
    }

    private async Task CompactPeriodicallyAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.CompactionInterval, _options.TimeProvider);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            var target = _writer.CurrentRevision - _options.CompactionRetainRevisions;
            if (target <= CompactedRevision)
            {
                continue;
            }

            try
            {
                await CompactAsync(target, cancellationToken);
            }
            catch (SqliteException)
            {
                // A failed step is rolled back; the next tick compacts again from the stored cursor.
            }
        }
    }
}
