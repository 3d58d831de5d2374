using Microsoft.Data.Sqlite;

namespace Everynode.Storage.Sqlite;

/// <summary>
/// The database layout (see docs/storage.md).
/// <list type="bullet">
/// <item><c>log</c>: append-only, one row per write; <c>rev</c> is the global revision. kind 0 = put (value is the new
/// value), kind 1 = delete (value is null; the deleted value is the row <c>prev_rev</c> points at). <c>prev_rev</c> is
/// the key's previous mod revision (0 for a create).</item>
/// <item><c>current</c>: one row per live key pointing at its newest log row.</item>
/// <item><c>meta</c>: the current revision, the compacted revision and how far compaction has cleaned the log.</item>
/// </list>
/// </summary>
internal static class SqliteSchema
{
    public const long KindPut = 0;
    public const long KindDelete = 1;

    public const string CurrentRevision = "current_rev";
    public const string CompactedRevision = "compact_rev";
    public const string CompactCursor = "compact_cursor";

    private const string CreateTables = """
        CREATE TABLE IF NOT EXISTS log (
            rev INTEGER PRIMARY KEY,
            key TEXT NOT NULL,
            kind INTEGER NOT NULL,
            create_rev INTEGER NOT NULL,
            prev_rev INTEGER NOT NULL,
            value BLOB);
        CREATE INDEX IF NOT EXISTS log_key_rev ON log (key, rev);
        CREATE TABLE IF NOT EXISTS current (
            key TEXT PRIMARY KEY,
            create_rev INTEGER NOT NULL,
            mod_rev INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS meta (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>Sets the durability pragmas on the writer connection and creates the tables if missing.</summary>
    public static void Initialize(SqliteConnection connection)
    {
        // WAL lets readers run beside the writer; synchronous=FULL fsyncs the WAL on every commit, so an acknowledged
        // write survives a crash or power loss.
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;");
        Execute(connection, CreateTables);
    }

    public static long ReadMeta(SqliteConnection connection, string name, long fallback)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM meta WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return command.ExecuteScalar() is long value ? value : fallback;
    }

    public static long ReadMaxRevision(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(rev), 0) FROM log";
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
