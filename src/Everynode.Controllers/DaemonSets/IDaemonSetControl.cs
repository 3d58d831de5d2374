using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Every write the DaemonSet controller makes, and the two uncached reads it needs (upstream's podControl,
/// crControl and the DaemonSet client). The production implementation calls the API server; tests record calls.
/// Failures surface as the client's <c>HttpOperationException</c>, read through <see cref="Shared.ApiErrors"/>.
/// </summary>
internal interface IDaemonSetControl
{
    Task<V1Pod> CreatePodAsync(string ns, V1Pod pod, CancellationToken ct);

    Task DeletePodAsync(string ns, string name, CancellationToken ct);

    /// <summary>A strategic merge patch (adopt / release) or a merge patch (relabel).</summary>
    Task<V1Pod> PatchPodAsync(string ns, string name, string patch, bool strategic, CancellationToken ct);

    Task<V1ControllerRevision> CreateRevisionAsync(string ns, V1ControllerRevision revision, CancellationToken ct);

    Task<V1ControllerRevision> GetRevisionAsync(string ns, string name, CancellationToken ct);

    Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken ct);

    Task<V1ControllerRevision> PatchRevisionAsync(string ns, string name, string strategicPatch, CancellationToken ct);

    Task DeleteRevisionAsync(string ns, string name, CancellationToken ct);

    Task<V1DaemonSet> GetDaemonSetAsync(string ns, string name, CancellationToken ct);

    /// <summary>PUT /status with the copy's resourceVersion (optimistic concurrency).</summary>
    Task<V1DaemonSet> UpdateDaemonSetStatusAsync(V1DaemonSet ds, CancellationToken ct);
}
