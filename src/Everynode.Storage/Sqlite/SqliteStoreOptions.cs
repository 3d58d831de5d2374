namespace Everynode.Storage.Sqlite;

/// <summary>Settings of the embedded SQLite datastore.</summary>
public sealed record SqliteStoreOptions
{
    /// <summary>Path of the database file (created if missing).</summary>
    public required string Path { get; init; }

    /// <summary>How often old revisions are compacted away; zero or negative disables periodic compaction.</summary>
    public TimeSpan CompactionInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How many of the newest revisions periodic compaction keeps.</summary>
    public long CompactionRetainRevisions { get; init; } = 1000;

    /// <summary>Most writes committed in one transaction (group commit).</summary>
    public int MaxBatchSize { get; init; } = 1024;

    /// <summary>Most unread events a watcher may have before it is dropped with <see cref="WatcherTooSlowException"/>.</summary>
    public int WatcherBufferSize { get; init; } = 100_000;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
