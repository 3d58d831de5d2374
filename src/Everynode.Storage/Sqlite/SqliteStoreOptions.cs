namespace Everynode.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite datastore.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Path of the database file (created if missing, with its directory).</summary>
    public required string Path { get; init; }

    /// <summary>How often old revisions are compacted away; zero or negative disables periodic compaction.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many of the newest revisions periodic compaction keeps.</summary>
    public long CompactionRetainRevisions { get; init; } = 1000;

    /// <summary>Most writes committed in one transaction (group commit).</summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>Most unread events a watcher may have before it is dropped with <see cref="WatcherTooSlowException"/>.</summary>
    public int WatcherBufferSize { get; init; } = 100_000;

    /// <summary>
    /// How many of the newest events are kept in memory, so that a watch starting at a recent revision replays them
    /// without reading the database. Older starts read the log table.
    /// </summary>
    public int RecentEventsInMemory { get; init; } = 10_000;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Throws <see cref="ArgumentException"/> for settings the store cannot run with.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path))
        {
            throw new ArgumentException("the database path is required", nameof(Path));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(CompactionRetainRevisions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxBatchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(WatcherBufferSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(RecentEventsInMemory);
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
