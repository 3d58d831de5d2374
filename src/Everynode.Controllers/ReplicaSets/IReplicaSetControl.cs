using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>
/// Every write the ReplicaSet controller makes, and the uncached read it needs before adopting (upstream's podControl
/// and the ReplicaSet client). The production implementation calls the API server; tests record calls.
/// </summary>
internal interface IReplicaSetControl
{
    Task<V1Pod> CreatePodAsync(string ns, V1Pod pod, CancellationToken ct);

    Task DeletePodAsync(string ns, string name, CancellationToken ct);

    Task<V1Pod> PatchPodAsync(string ns, string name, string strategicPatch, CancellationToken ct);

    Task<V1ReplicaSet> GetReplicaSetAsync(string ns, string name, CancellationToken ct);

    /// <summary>PUT /status with the copy's resourceVersion (optimistic concurrency).</summary>
    Task<V1ReplicaSet> UpdateReplicaSetStatusAsync(V1ReplicaSet rs, CancellationToken ct);
}
