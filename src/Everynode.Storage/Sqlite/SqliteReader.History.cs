using System.Runtime.CompilerServices;
using Everynode.Storage.Watch;
using Microsoft.Data.Sqlite;

namespace Everynode.Storage.Sqlite;

/// <summary>Watch catch-up: replays events from the log table, one page per read transaction.</summary>
internal sealed partial class SqliteReader : IEventHistory
{
    private const int HistoryPageSize = 1000;

    // A delete row stores no value: the deleted value is the row it supersedes (prev_rev), which compaction keeps as long
    // as the delete itself is newer than the compacted revision.
    private const string EventsSql = """
        SELECT l.rev, l.key, l.kind, l.create_rev, l.prev_rev, l.value, p.value
        FROM log l LEFT JOIN log p ON p.rev = l.prev_rev
        WHERE l.rev > $after AND l.rev <= $through AND l.key >= $lo AND l.key < $hi
        ORDER BY l.rev LIMIT $limit
        """;

    public async IAsyncEnumerable<WatchEvent> ReadAsync(
        string prefix, long afterRevision, long throughRevision, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var range = KeyRange.ForPrefix(prefix);
        var cursor = afterRevision;
        while (cursor < throughRevision)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = ReadEventPage(range, cursor, throughRevision);
            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < HistoryPageSize)
            {
                yield break;
            }

            cursor = page[^1].Revision;
            await Task.Yield();
        }
    }

    private List<WatchEvent> ReadEventPage(KeyRange range, long afterRevision, long throughRevision)
    {
        return Read((connection, transaction) =>
        {
            // Compaction may have run since the previous page: rows after the compacted revision are intact, older ones are not.
            var (_, compacted) = ReadSnapshot(connection, transaction);
            if (afterRevision < compacted)
            {
                throw new RevisionCompactedException(afterRevision, compacted);
            }

            var command = connection.Command(EventsSql, transaction, "$after", "$through", "$lo", "$hi", "$limit");
            command.Parameters[0].Value = afterRevision;
            command.Parameters[1].Value = throughRevision;
            command.Parameters[2].Value = range.Start;
            command.Parameters[3].Value = range.End ?? (object)NoUpperBound;
            command.Parameters[4].Value = HistoryPageSize;
            var events = new List<WatchEvent>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                events.Add(ToEvent(reader));
            }

            return events;
        });
    }

    private static WatchEvent ToEvent(SqliteDataReader reader)
    {
        var revision = reader.GetInt64(0);
        var key = reader.GetString(1);
        var createRevision = reader.GetInt64(3);
        var previousRevision = reader.GetInt64(4);
        var previous = previousRevision > 0 ? new KeyValue(key, ReadBlob(reader, 6), createRevision, previousRevision) : null;
        if (reader.GetInt64(2) == SqliteSchema.KindDelete)
        {
            var deleted = previous ?? throw new InvalidOperationException($"delete at revision {revision} has no previous row");
            return new WatchEvent(WatchEventType.Delete, deleted with { ModRevision = revision }, deleted);
        }

        return new WatchEvent(WatchEventType.Put, new KeyValue(key, ReadBlob(reader, 5), createRevision, revision), previous);
    }
}
