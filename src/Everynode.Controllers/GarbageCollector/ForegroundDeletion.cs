namespace Everynode.Controllers.GarbageCollector;

/// <summary>Which dependents still hold up an owner being deleted in the foreground.</summary>
internal static class ForegroundDeletion
{
    /// <summary>
    /// Upstream's blockingDependents: dependents whose reference to the owner has <c>blockOwnerDeletion: true</c>.
    /// One difference, by design here: a pod already marked for deletion (terminating on its node) no longer blocks,
    /// unless it is itself deleting dependents. Its node agent removes it when its containers have stopped; the
    /// owner does not wait for that (nor would it go at all while the node agent is away).
    /// </summary>
    public static IReadOnlyList<GcItem> BlockingDependents(string ownerUid, IEnumerable<GcItem> dependents)
    {
        ArgumentNullException.ThrowIfNull(dependents);
        return [.. dependents.Where(d =>
            d.Metadata.OwnerReferences?.Any(r => r.Uid == ownerUid && r.BlockOwnerDeletion == true) == true
            && !IsTerminatingPod(d))];
    }

    private static bool IsTerminatingPod(GcItem item) =>
        item.Type == GcResourceType.Pod && item.Metadata.DeletionTimestamp is not null && !Finalizers.IsDeletingDependents(item.Metadata);
}
