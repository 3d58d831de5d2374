using k8s;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary><see cref="IDaemonSetControl"/> over the official client: every call is one REST request.</summary>
internal sealed class KubernetesDaemonSetControl(IKubernetes client) : IDaemonSetControl
{
    public Task<V1Pod> CreatePodAsync(string ns, V1Pod pod, CancellationToken ct) =>
        client.CoreV1.CreateNamespacedPodAsync(pod, ns, cancellationToken: ct);

    public Task DeletePodAsync(string ns, string name, CancellationToken ct) =>
        client.CoreV1.DeleteNamespacedPodAsync(name, ns, cancellationToken: ct);

    public Task<V1Pod> PatchPodAsync(string ns, string name, string patch, bool strategic, CancellationToken ct) =>
        client.CoreV1.PatchNamespacedPodAsync(new V1Patch(patch, PatchType(strategic)), name, ns, cancellationToken: ct);

    public Task<V1ControllerRevision> CreateRevisionAsync(string ns, V1ControllerRevision revision, CancellationToken ct) =>
        client.AppsV1.CreateNamespacedControllerRevisionAsync(revision, ns, cancellationToken: ct);

    public Task<V1ControllerRevision> GetRevisionAsync(string ns, string name, CancellationToken ct) =>
        client.AppsV1.ReadNamespacedControllerRevisionAsync(name, ns, cancellationToken: ct);

    public Task<V1ControllerRevision> UpdateRevisionAsync(V1ControllerRevision revision, CancellationToken ct) =>
        client.AppsV1.ReplaceNamespacedControllerRevisionAsync(
            revision, revision.Metadata.Name, revision.Metadata.NamespaceProperty, cancellationToken: ct);

    public Task<V1ControllerRevision> PatchRevisionAsync(string ns, string name, string strategicPatch, CancellationToken ct) =>
        client.AppsV1.PatchNamespacedControllerRevisionAsync(
            new V1Patch(strategicPatch, V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: ct);

    public Task DeleteRevisionAsync(string ns, string name, CancellationToken ct) =>
        client.AppsV1.DeleteNamespacedControllerRevisionAsync(name, ns, cancellationToken: ct);

    public Task<V1DaemonSet> GetDaemonSetAsync(string ns, string name, CancellationToken ct) =>
        client.AppsV1.ReadNamespacedDaemonSetAsync(name, ns, cancellationToken: ct);

    public Task<V1DaemonSet> UpdateDaemonSetStatusAsync(V1DaemonSet ds, CancellationToken ct) =>
        client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(ds, ds.Metadata.Name, ds.Metadata.NamespaceProperty, cancellationToken: ct);

    private static V1Patch.PatchType PatchType(bool strategic) =>
        strategic ? V1Patch.PatchType.StrategicMergePatch : V1Patch.PatchType.MergePatch;
}
