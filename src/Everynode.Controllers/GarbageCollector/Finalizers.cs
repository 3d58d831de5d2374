using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>The finalizers through which the API server records a delete's propagation policy.</summary>
internal static class Finalizers
{
    public const string Orphan = "orphan";
    public const string ForegroundDeletion = "foregroundDeletion";

    public static bool Has(V1ObjectMeta meta, string finalizer) => meta.Finalizers?.Contains(finalizer) == true;

    /// <summary>Upstream's <c>isDeletingDependents</c>: marked for deletion and waiting for its blocking dependents.</summary>
    public static bool IsDeletingDependents(V1ObjectMeta meta) => meta.DeletionTimestamp is not null && Has(meta, ForegroundDeletion);

    /// <summary>Marked for deletion with its dependents to be orphaned.</summary>
    public static bool IsOrphaning(V1ObjectMeta meta) => meta.DeletionTimestamp is not null && Has(meta, Orphan);
}
