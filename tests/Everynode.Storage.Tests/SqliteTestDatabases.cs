using Everynode.Storage.Sqlite;

namespace Everynode.Storage.Tests;

/// <summary>SQLite database files for tests, each new one in one temp folder that <see cref="Delete"/> removes.</summary>
internal sealed class SqliteTestDatabases
{
    private readonly TempDirectory _directory = new("everynode-storage-");
    private int _databases;

    /// <summary>Options for a new database file; a small event ring so tests also replay watches from the log table.</summary>
    public SqliteStoreOptions Options(int watcherBufferSize = 100_000) => new()
    {
        Path = _directory.Combine($"db{Interlocked.Increment(ref _databases)}.sqlite"),
        WatcherBufferSize = watcherBufferSize,
        RecentEventsInMemory = 64,
        CompactionInterval = TimeSpan.Zero,
    };

    public void Delete() => _directory.Delete();
}
