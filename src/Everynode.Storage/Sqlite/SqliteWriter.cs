using System.Threading.Channels;
using Everynode.Storage.Watch;
using Microsoft.Data.Sqlite;

namespace Everynode.Storage.Sqlite;

/// <summary>
/// The single writer of the database: group commit over a queue of pending writes.
/// </summary>
/// <remarks>
/// Invariants:
/// <list type="bullet">
/// <item>Only this loop writes, so revisions are assigned here, densely and in commit order.</item>
/// <item>A batch is one transaction. Preconditions are checked inside it, in queue order, against the state the earlier
/// writes of the same batch left, so two racing guarded writes of one key get exactly one winner.</item>
/// <item>Callers are completed and events published only after the commit returned (synchronous=FULL: fsync'd);
/// if the batch fails, it is rolled back and every caller in it gets the error.</item>
/// </list>
/// </remarks>
internal sealed partial class SqliteWriter : IAsyncDisposable
{
    private readonly SqliteConnection _connection;
    private readonly WatchHub _hub;
    private readonly int _maxBatchSize;
    private readonly Channel<WriteRequest> _queue = Channel.CreateUnbounded<WriteRequest>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<WriteRequest> _batch = [];
    private readonly List<WatchEvent> _events = [];
    private readonly SqliteCommand _selectCurrent;
    private readonly SqliteCommand _insertLog;
    private readonly SqliteCommand _insertCurrent;
    private readonly SqliteCommand _updateCurrent;
    private readonly SqliteCommand _deleteCurrent;
    private readonly SqliteCommand _upsertMeta;
    private readonly SqliteCommand _compactSuperseded;
    private readonly SqliteCommand _compactTombstones;
    private readonly SqliteCommand[] _commands;
    private readonly Task _loop;

    // Working state of the writer loop, ahead of the database inside a batch; reset when a batch rolls back.
    private long _revision;
    private long _compactedRevision;
    private long _compactCursor;

    // What readers of this object see: only committed state.
    private long _committedRevision;
    private long _committedCompactedRevision;
    private long _commitCount;

    public SqliteWriter(SqliteConnection connection, WatchHub hub, int maxBatchSize, long revision, long compactedRevision, long compactCursor)
    {
        _connection = connection;
        _hub = hub;
        _maxBatchSize = maxBatchSize;
        _revision = revision;
        _committedRevision = revision;
        _compactedRevision = compactedRevision;
        _committedCompactedRevision = compactedRevision;
        _compactCursor = compactCursor;
        _selectCurrent = Prepare(
            "SELECT c.create_rev, c.mod_rev, l.value FROM current c JOIN log l ON l.rev = c.mod_rev WHERE c.key = $key", "$key");
        _insertLog = Prepare(
            "INSERT INTO log (rev, key, kind, create_rev, prev_rev, value) VALUES ($rev, $key, $kind, $create, $prev, $value)",
            "$rev", "$key", "$kind", "$create", "$prev", "$value");
        _insertCurrent = Prepare("INSERT INTO current (key, create_rev, mod_rev) VALUES ($key, $create, $mod)", "$key", "$create", "$mod");
        _updateCurrent = Prepare("UPDATE current SET mod_rev = $mod WHERE key = $key", "$key", "$mod");
        _deleteCurrent = Prepare("DELETE FROM current WHERE key = $key", "$key");
        _upsertMeta = Prepare(
            "INSERT INTO meta (name, value) VALUES ($name, $value) ON CONFLICT (name) DO UPDATE SET value = excluded.value", "$name", "$value");

        // A put or delete at or below the compacted revision supersedes the row it points at; a delete there is itself history.
        _compactSuperseded = Prepare(
            "DELETE FROM log WHERE rev IN (SELECT prev_rev FROM log WHERE rev > $from AND rev <= $to AND prev_rev > 0)", "$from", "$to");
        _compactTombstones = Prepare("DELETE FROM log WHERE rev > $from AND rev <= $to AND kind = 1", "$from", "$to");
        _commands =
        [
            _selectCurrent, _insertLog, _insertCurrent, _updateCurrent, _deleteCurrent, _upsertMeta, _compactSuperseded, _compactTombstones,
        ];
        _loop = Task.Run(RunAsync);
    }

    /// <summary>The newest committed revision.</summary>
    public long CurrentRevision => Volatile.Read(ref _committedRevision);

    public long CompactedRevision => Volatile.Read(ref _committedCompactedRevision);

    /// <summary>How many transactions were committed (for tests of group commit).</summary>
    public long CommitCount => Interlocked.Read(ref _commitCount);

    /// <summary>Queues a write; the task completes once it is durable (or failed).</summary>
    public Task SubmitAsync(WriteRequest request)
    {
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(request), typeof(SqliteStore));
        return request.Completion.Task;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        foreach (var command in _commands)
        {
            command.Dispose();
        }
    }

    private async Task RunAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (_batch.Count < _maxBatchSize && reader.TryRead(out var request))
            {
                _batch.Add(request);
            }

            ExecuteBatch();
            _batch.Clear();
            _events.Clear();

            // The callers just completed were queued to the thread pool; yielding lets them run (and queue their next
            // write) before the next batch is drained, so batches stay as large as the number of active writers.
            await Task.Yield();
        }
    }

    private void ExecuteBatch()
    {
        var startRevision = _revision;
        var startCompacted = _compactedRevision;
        var startCursor = _compactCursor;
        try
        {
            using (var transaction = _connection.BeginTransaction())
            {
                foreach (var command in _commands)
                {
                    command.Transaction = transaction;
                }

                foreach (var request in _batch)
                {
                    Apply(request);
                }

                if (_revision != startRevision)
                {
                    SetMeta(SqliteSchema.CurrentRevision, _revision);
                }

                transaction.Commit();
            }

            Interlocked.Increment(ref _commitCount);
        }
#pragma warning disable CA1031 // Not swallowed: the whole batch was rolled back and every caller in it gets this error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _revision = startRevision;
            _compactedRevision = startCompacted;
            _compactCursor = startCursor;
            foreach (var request in _batch)
            {
                request.Completion.TrySetException(ex);
            }

            return;
        }

        Volatile.Write(ref _committedRevision, _revision);
        if (_compactedRevision != startCompacted)
        {
            Volatile.Write(ref _committedCompactedRevision, _compactedRevision);
            _hub.SetCompactedRevision(_compactedRevision);
        }

        if (_events.Count > 0)
        {
            _hub.Publish(_events);
        }

        foreach (var request in _batch)
        {
            if (request.Error is { } error)
            {
                request.Completion.TrySetException(error);
            }
            else
            {
                request.Completion.TrySetResult();
            }
        }
    }

    private SqliteCommand Prepare(string sql, params string[] parameterNames)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }
}
