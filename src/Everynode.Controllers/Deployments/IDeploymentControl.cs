using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>Every write the Deployment controller makes and the uncached read it needs before adopting.</summary>
internal interface IDeploymentControl
{
    Task<V1ReplicaSet> CreateReplicaSetAsync(string ns, V1ReplicaSet rs, CancellationToken ct);

    /// <summary>PUT with the copy's resourceVersion (optimistic concurrency).</summary>
    Task<V1ReplicaSet> UpdateReplicaSetAsync(V1ReplicaSet rs, CancellationToken ct);

    Task<V1ReplicaSet> PatchReplicaSetAsync(string ns, string name, string strategicPatch, CancellationToken ct);

    Task DeleteReplicaSetAsync(string ns, string name, CancellationToken ct);

    Task<V1Deployment> GetDeploymentAsync(string ns, string name, CancellationToken ct);

    /// <summary>PUT /status (annotations may change with it, as upstream's status strategy allows).</summary>
    Task<V1Deployment> UpdateDeploymentStatusAsync(V1Deployment d, CancellationToken ct);
}
