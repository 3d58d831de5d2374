using Microsoft.Data.Sqlite;

namespace Everynode.Storage.Sqlite;

/// <summary>How the writer applies one request inside the open batch transaction.</summary>
internal sealed partial class SqliteWriter
{
    /// <summary>Log rows cleaned per compaction step: small enough that a step costs writers a few milliseconds.</summary>
    internal const int CompactStepRevisions = 500;

    private void Apply(WriteRequest request)
    {
        switch (request.Kind)
        {
            case WriteKind.Create:
                ApplyCreate(request);
                break;
            case WriteKind.Update:
            case WriteKind.Delete:
                ApplyGuarded(request);
                break;
            case WriteKind.CompactStep:
                ApplyCompactStep(request);
                break;
            default:
                throw new InvalidOperationException($"unknown write kind {request.Kind}");
        }
    }

    private void ApplyCreate(WriteRequest request)
    {
        if (ReadCurrent(request.Key) is not null)
        {
            request.Error = new KeyExistsException(request.Key);
            return;
        }

        var revision = _revision + 1;
        InsertLog(revision, request.Key, SqliteSchema.KindPut, revision, 0, request.Value);
        Execute(_insertCurrent, request.Key, revision, revision);
        _revision = revision;
        request.Revision = revision;
        _events.Add(new WatchEvent(WatchEventType.Put, new KeyValue(request.Key, request.Value, revision, revision), Previous: null));
    }

    private void ApplyGuarded(WriteRequest request)
    {
        if (ReadCurrent(request.Key) is not { } current)
        {
            request.Error = new KeyNotFoundException(request.Key);
            return;
        }

        if (request.ExpectedModRevision > 0 && current.ModRevision != request.ExpectedModRevision)
        {
            request.Error = new ConflictException(request.Key, request.ExpectedModRevision, current);
            return;
        }

        var revision = _revision + 1;
        if (request.Kind == WriteKind.Update)
        {
            InsertLog(revision, request.Key, SqliteSchema.KindPut, current.CreateRevision, current.ModRevision, request.Value);
            Execute(_updateCurrent, request.Key, revision);
            _events.Add(new WatchEvent(WatchEventType.Put, new KeyValue(request.Key, request.Value, current.CreateRevision, revision), current));
        }
        else
        {
            InsertLog(revision, request.Key, SqliteSchema.KindDelete, current.CreateRevision, current.ModRevision, value: null);
            Execute(_deleteCurrent, request.Key);
            _events.Add(new WatchEvent(WatchEventType.Delete, current with { ModRevision = revision }, current));
            request.Deleted = current;
        }

        _revision = revision;
        request.Revision = revision;
    }

    /// <summary>
    /// Raises the compacted revision to the target (first, so no reader trusts rows about to go), then cleans the next
    /// window of at most <see cref="CompactStepRevisions"/> revisions after the cursor. The cursor is stored, so an
    /// interrupted compaction resumes where it stopped.
    /// </summary>
    private void ApplyCompactStep(WriteRequest request)
    {
        var target = Math.Min(request.ExpectedModRevision, _revision);
        if (target > _compactedRevision)
        {
            _compactedRevision = target;
            SetMeta(SqliteSchema.CompactedRevision, target);
        }

        var to = Math.Min(_compactCursor + CompactStepRevisions, _compactedRevision);
        if (to > _compactCursor)
        {
            Execute(_compactSuperseded, _compactCursor, to);
            Execute(_compactTombstones, _compactCursor, to);
            _compactCursor = to;
            SetMeta(SqliteSchema.CompactCursor, to);
        }

        request.CompactionDone = _compactCursor >= target;
    }

    private KeyValue? ReadCurrent(string key)
    {
        _selectCurrent.Parameters[0].Value = key;
        using var reader = _selectCurrent.ExecuteReader();
        if (!reader.Read())
        {
            return null;
        }

        var value = reader.IsDBNull(2) ? [] : (byte[])reader.GetValue(2);
        return new KeyValue(key, value, reader.GetInt64(0), reader.GetInt64(1));
    }

    private void InsertLog(long revision, string key, long kind, long createRevision, long previousRevision, byte[]? value)
    {
        var parameters = _insertLog.Parameters;
        parameters[0].Value = revision;
        parameters[1].Value = key;
        parameters[2].Value = kind;
        parameters[3].Value = createRevision;
        parameters[4].Value = previousRevision;
        parameters[5].Value = (object?)value ?? DBNull.Value;
        _insertLog.ExecuteNonQuery();
    }

    private void SetMeta(string name, long value) => Execute(_upsertMeta, name, value);

    private static void Execute(SqliteCommand command, object first, object? second = null, object? third = null)
    {
        var parameters = command.Parameters;
        parameters[0].Value = first;
        if (parameters.Count > 1)
        {
            parameters[1].Value = second;
        }

        if (parameters.Count > 2)
        {
            parameters[2].Value = third;
        }

        command.ExecuteNonQuery();
    }
}
