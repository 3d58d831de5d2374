namespace Everynode.Storage.Sqlite;

internal enum WriteKind
{
    Create,
    Update,
    Delete,

    /// <summary>One bounded step of compaction, run by the writer between ordinary writes.</summary>
    CompactStep,
}
