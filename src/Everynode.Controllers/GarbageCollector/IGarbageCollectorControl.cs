using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>
/// The garbage collector's only contact with the API server: live reads (caches lag) and the writes it issues.
/// Errors other than NotFound and Conflict are thrown, so the key is retried with backoff.
/// </summary>
internal interface IGarbageCollectorControl
{
    /// <summary>The object's live metadata, or null if it does not exist.</summary>
    Task<V1ObjectMeta?> GetMetadataAsync(GcResourceType type, string? ns, string name, CancellationToken ct);

    /// <summary>Deletes with a UID precondition and the given propagation policy (Background, Foreground, Orphan).</summary>
    Task<WriteOutcome> DeleteAsync(GcResourceType type, string? ns, string name, string uid, string propagationPolicy, CancellationToken ct);

    /// <summary>Patches; <paramref name="patchType"/> is a <see cref="V1Patch.PatchType"/>.</summary>
    Task<WriteOutcome> PatchAsync(GcResourceType type, string? ns, string name, V1Patch.PatchType patchType, string body, CancellationToken ct);
}
