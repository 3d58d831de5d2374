namespace Everynode.Storage.Sqlite;

/// <summary>
/// One write waiting for the writer loop. The writer fills in the outcome, commits, publishes, then completes
/// <see cref="Completion"/>; the caller reads the outcome only after that.
/// </summary>
internal sealed class WriteRequest(WriteKind kind, string key, byte[]? value, long expectedModRevision)
{
    public WriteKind Kind { get; } = kind;

    public string Key { get; } = key;

    /// <summary>The value to store (an owned copy, shared with the watch event).</summary>
    public byte[]? Value { get; } = value;

    /// <summary>For updates and deletes, the required mod revision (0 = any); for compaction, the target revision.</summary>
    public long ExpectedModRevision { get; } = expectedModRevision;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The revision of the write.</summary>
    public long Revision { get; set; }

    /// <summary>For a delete, the value deleted.</summary>
    public KeyValue? Deleted { get; set; }

    /// <summary>The precondition that failed (the write did not happen), if any.</summary>
    public StoreException? Error { get; set; }

    /// <summary>For a compaction step, whether the log is clean up to the target.</summary>
    public bool CompactionDone { get; set; }
}
