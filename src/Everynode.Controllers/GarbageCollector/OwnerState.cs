namespace Everynode.Controllers.GarbageCollector;

/// <summary>What an ownerReference of a dependent points at (upstream's classifyReferences).</summary>
internal enum OwnerState
{
    /// <summary>The owner exists (same UID) and is not waiting for its dependents to go.</summary>
    Solid,

    /// <summary>No object with that name and UID exists.</summary>
    Dangling,

    /// <summary>The owner exists and is being deleted in the foreground (<c>foregroundDeletion</c> finalizer).</summary>
    WaitingForDependentsDeletion,

    /// <summary>The reference cannot be resolved here (a kind not served, or a namespaced owner of a cluster-scoped object).</summary>
    Unresolvable,
}
