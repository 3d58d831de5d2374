using k8s.Models;

namespace Everynode.Controllers.PodGC;

/// <summary>The pod garbage collector's contact with the API server. NotFound and Conflict on writes are not errors.</summary>
internal interface IPodGcControl
{
    /// <summary>Whether the node exists, by a live read.</summary>
    Task<bool> NodeExistsAsync(string name, CancellationToken ct);

    /// <summary>Sets the pod's phase to Failed, adding <paramref name="condition"/> if given (status subresource).</summary>
    Task MarkFailedAsync(V1Pod pod, V1PodCondition? condition, CancellationToken ct);

    /// <summary>Deletes the pod with grace period 0, guarded by its UID.</summary>
    Task ForceDeleteAsync(V1Pod pod, CancellationToken ct);
}
