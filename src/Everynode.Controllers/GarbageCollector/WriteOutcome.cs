namespace Everynode.Controllers.GarbageCollector;

/// <summary>What a write of the garbage collector came to.</summary>
internal enum WriteOutcome
{
    Done,

    /// <summary>The object is gone.</summary>
    NotFound,

    /// <summary>A precondition (UID or resourceVersion) no longer holds.</summary>
    Conflict,
}
