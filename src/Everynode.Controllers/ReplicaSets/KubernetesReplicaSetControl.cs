using k8s;
using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary><see cref="IReplicaSetControl"/> over the official client: every call is one REST request.</summary>
internal sealed class KubernetesReplicaSetControl(IKubernetes client) : IReplicaSetControl
{
    public Task<V1Pod> CreatePodAsync(string ns, V1Pod pod, CancellationToken ct) =>
        client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: ct);

    public Task DeletePodAsync(string ns, string name, CancellationToken ct) =>
        client.CoreV1.DeleteNamespacedPodAsync(name, ns, cancellationToken: ct);

    public Task<V1Pod> PatchPodAsync(string ns, string name, string strategicPatch, CancellationToken ct) =>
        client.CoreV1.PatchNamespacedPodAsync(new V1Patch(strategicPatch, V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: ct);

    public Task<V1ReplicaSet> GetReplicaSetAsync(string ns, string name, CancellationToken ct) =>
        client.AppsV1.ReadNamespacedReplicaSetAsync(name, ns, cancellationToken: ct);

    public Task<V1ReplicaSet> UpdateReplicaSetStatusAsync(V1ReplicaSet rs, CancellationToken ct) =>
        client.AppsV1.ReplaceNamespacedReplicaSetStatusAsync(rs, rs.Metadata.Name, rs.Metadata.NamespaceProperty, cancellationToken: ct);
}
