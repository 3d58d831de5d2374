using Everynode.Storage.Sqlite;

namespace Everynode.Storage.Tests;

/// <summary>A directory for test databases, deleted by <see cref="Delete"/>.</summary>
internal sealed class TempDirectory
{
    private int _databases;

    public string Path { get; } = Directory.CreateTempSubdirectory("everynode-storage-").FullName;

    /// <summary>Options for a new database file; a small event ring so tests also replay watches from the log table.</summary>
    public SqliteStoreOptions Options(int watcherBufferSize = 100_000) => new()
    {
        Path = System.IO.Path.Combine(Path, $"db{Interlocked.Increment(ref _databases)}.sqlite"),
        WatcherBufferSize = watcherBufferSize,
        RecentEventsInMemory = 64,
        CompactionInterval = TimeSpan.Zero,
    };

    public void Delete() => Directory.Delete(Path, recursive: true);
}
