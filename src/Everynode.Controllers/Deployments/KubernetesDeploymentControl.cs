using k8s;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary><see cref="IDeploymentControl"/> over the official client: every call is one REST request.</summary>
internal sealed class KubernetesDeploymentControl(IKubernetes client) : IDeploymentControl
{
    public Task<V1ReplicaSet> CreateReplicaSetAsync(string ns, V1ReplicaSet rs, CancellationToken ct) =>
        client.AppsV1.CreateNamespacedReplicaSetAsync(rs, ns, cancellationToken: ct);

    /// <summary>
    /// Sent without the cached resourceVersion: the ReplicaSet controller rewrites the status all the time, and a
    /// conflict with that would only delay the step (the main endpoint ignores the status sent here anyway).
    /// </summary>
    public Task<V1ReplicaSet> UpdateReplicaSetAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        rs.Metadata.ResourceVersion = null;
        return client.AppsV1.ReplaceNamespacedReplicaSetAsync(rs, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct);
    }

    public Task<V1ReplicaSet> PatchReplicaSetAsync(string ns, string name, string strategicPatch, CancellationToken ct) =>
        client.AppsV1.PatchNamespacedReplicaSetAsync(new V1Patch(strategicPatch, V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: ct);

    public Task DeleteReplicaSetAsync(string ns, string name, CancellationToken ct) =>
        client.AppsV1.DeleteNamespacedReplicaSetAsync(name, ns, cancellationToken: ct);

    public Task<V1Deployment> GetDeploymentAsync(string ns, string name, CancellationToken ct) =>
        client.AppsV1.ReadNamespacedDeploymentAsync(name, ns, cancellationToken: ct);

    public Task<V1Deployment> UpdateDeploymentStatusAsync(V1Deployment d, CancellationToken ct) =>
        client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(d, d.Metadata.Name, d.Metadata.NamespaceProperty, cancellationToken: ct);
}
