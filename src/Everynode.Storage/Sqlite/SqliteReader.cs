using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Everynode.Storage.Sqlite;

/// <summary>
/// Reads on pooled WAL reader connections, each inside one read transaction, so every answer is a consistent
/// snapshot: the current and compacted revisions are read from <c>meta</c> in the same snapshot as the data.
/// </summary>
internal sealed partial class SqliteReader(string connectionString) : IDisposable
{
    // A BLOB compares greater than every TEXT value in SQLite, so it is the upper bound of an unbounded key range.
    private static readonly byte[] NoUpperBound = [0xFF];

    private const string SnapshotSql = """
        SELECT COALESCE((SELECT value FROM meta WHERE name = 'current_rev'), 0),
               COALESCE((SELECT value FROM meta WHERE name = 'compact_rev'), 0)
        """;

    private const string GetCurrentSql =
        "SELECT c.create_rev, c.mod_rev, l.value FROM current c JOIN log l ON l.rev = c.mod_rev WHERE c.key = $key";

    private const string GetAtSql =
        "SELECT kind, create_rev, rev, value FROM log WHERE key = $key AND rev <= $at ORDER BY rev DESC LIMIT 1";

    private const string ListCurrentSql = """
        SELECT c.key, c.create_rev, c.mod_rev, l.value FROM current c JOIN log l ON l.rev = c.mod_rev
        WHERE c.key >= $lo AND c.key < $hi ORDER BY c.key LIMIT $limit
        """;

    private const string CountCurrentSql = "SELECT COUNT(*) FROM current WHERE key > $lo AND key < $hi";

    // SQLite takes the bare columns of a MAX() aggregate from the row holding the maximum: the key's newest row at $at.
    private const string ListAtSql = """
        SELECT key, create_rev, max_rev, value FROM (
            SELECT key, MAX(rev) AS max_rev, kind, create_rev, value FROM log
            WHERE key >= $lo AND key < $hi AND rev <= $at GROUP BY key)
        WHERE kind = 0 ORDER BY key LIMIT $limit
        """;

    private const string CountAtSql = """
        SELECT COUNT(*) FROM (
            SELECT MAX(rev) AS max_rev, kind FROM log WHERE key > $lo AND key < $hi AND rev <= $at GROUP BY key)
        WHERE kind = 0
        """;

    private readonly ConcurrentBag<ReadConnection> _idle = [];
    private bool _disposed;

    public KeyValue? Get(string key, long revision)
    {
        if (revision <= 0)
        {
            // The newest version needs neither the snapshot's revisions nor an explicit transaction: one statement
            // reads in its own implicit one (BEGIN and COMMIT would be parsed anew on every call, and every update
            // reads the current version first).
            return Pooled(connection =>
            {
                var command = connection.Command(GetCurrentSql, null, "$key");
                command.Parameters[0].Value = key;
                using var reader = command.ExecuteReader();
                return reader.Read() ? new KeyValue(key, ReadBlob(reader, 2), reader.GetInt64(0), reader.GetInt64(1)) : null;
            });
        }

        return Read((connection, transaction) =>
        {
            var (current, at) = ResolveRevision(connection, transaction, revision);
            if (at == current)
            {
                var command = connection.Command(GetCurrentSql, transaction, "$key");
                command.Parameters[0].Value = key;
                using var reader = command.ExecuteReader();
                return reader.Read() ? new KeyValue(key, ReadBlob(reader, 2), reader.GetInt64(0), reader.GetInt64(1)) : null;
            }
            else
            {
                var command = connection.Command(GetAtSql, transaction, "$key", "$at");
                command.Parameters[0].Value = key;
                command.Parameters[1].Value = at;
                using var reader = command.ExecuteReader();
                return reader.Read() && reader.GetInt64(0) == SqliteSchema.KindPut
                    ? new KeyValue(key, ReadBlob(reader, 3), reader.GetInt64(1), reader.GetInt64(2))
                    : null;
            }
        });
    }

    public ListResult List(string prefix, ListOptions options)
    {
        var range = KeyRange.ForPrefix(prefix, options.StartKey);
        object upper = range.End ?? (object)NoUpperBound;
        return Read((connection, transaction) =>
        {
            var (current, at) = ResolveRevision(connection, transaction, options.Revision);
            var items = new List<KeyValue>();
            if (range.IsEmpty)
            {
                return new ListResult(items, at, More: false, RemainingCount: 0);
            }

            var atCurrent = at == current;
            var list = atCurrent
                ? connection.Command(ListCurrentSql, transaction, "$lo", "$hi", "$limit")
                : connection.Command(ListAtSql, transaction, "$lo", "$hi", "$limit", "$at");
            list.Parameters[0].Value = range.Start;
            list.Parameters[1].Value = upper;
            list.Parameters[2].Value = options.Limit > 0 ? options.Limit : -1;
            if (!atCurrent)
            {
                list.Parameters[3].Value = at;
            }

            using (var reader = list.ExecuteReader())
            {
                while (reader.Read())
                {
                    items.Add(new KeyValue(reader.GetString(0), ReadBlob(reader, 3), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            long remaining = 0;
            if (options.Limit > 0 && items.Count == options.Limit)
            {
                var count = atCurrent
                    ? connection.Command(CountCurrentSql, transaction, "$lo", "$hi")
                    : connection.Command(CountAtSql, transaction, "$lo", "$hi", "$at");
                count.Parameters[0].Value = items[^1].Key;
                count.Parameters[1].Value = upper;
                if (!atCurrent)
                {
                    count.Parameters[2].Value = at;
                }

                remaining = (long)count.ExecuteScalar()!;
            }

            return new ListResult(items, at, remaining > 0, remaining);
        });
    }

    public long Count(string prefix)
    {
        var range = KeyRange.ForPrefix(prefix);
        return Read((connection, transaction) =>
        {
            // CountCurrentSql excludes its lower bound; the prefix itself is a key too.
            var command = connection.Command("SELECT COUNT(*) FROM current WHERE key >= $lo AND key < $hi", transaction, "$lo", "$hi");
            command.Parameters[0].Value = range.Start;
            command.Parameters[1].Value = range.End ?? (object)NoUpperBound;
            return (long)command.ExecuteScalar()!;
        });
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private T Read<T>(Func<ReadConnection, SqliteTransaction, T> body) =>
        Pooled(connection =>
        {
            using var transaction = connection.Connection.BeginTransaction(deferred: true);
            var result = body(connection, transaction);
            transaction.Commit();
            return result;
        });

    /// <summary>Runs <paramref name="body"/> on an idle reader connection (a new one when none is idle) and returns it to the pool.</summary>
    private T Pooled<T>(Func<ReadConnection, T> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idle.TryTake(out var connection))
        {
            connection = new ReadConnection(connectionString);
        }

        try
        {
            return body(connection);
        }
        finally
        {
            if (_disposed)
            {
                connection.Dispose();
            }
            else
            {
                _idle.Add(connection);
            }
        }
    }

    /// <summary>The snapshot's current revision and the revision to read at, validated against it.</summary>
    private static (long Current, long At) ResolveRevision(ReadConnection connection, SqliteTransaction transaction, long revision)
    {
        var (current, compacted) = ReadSnapshot(connection, transaction);
        if (revision <= 0)
        {
            return (current, current);
        }

        if (revision > current)
        {
            throw new FutureRevisionException(revision, current);
        }

        if (revision < compacted)
        {
            throw new RevisionCompactedException(revision, compacted);
        }

        return (current, revision);
    }

    private static (long Current, long Compacted) ReadSnapshot(ReadConnection connection, SqliteTransaction transaction)
    {
        using var reader = connection.Command(SnapshotSql, transaction).ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static byte[] ReadBlob(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : (byte[])reader.GetValue(ordinal);
}
