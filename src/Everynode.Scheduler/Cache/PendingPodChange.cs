using k8s;
using k8s.Models;

namespace Everynode.Scheduler.Cache;

/// <summary>
/// Whether an update to a pending pod can change where it fits (upstream isPodUpdated): anything but its status,
/// resourceVersion, generation and managed fields. The scheduler's own PodScheduled=False write is a status change,
/// so it does not send the pod it just parked back into the queue.
/// </summary>
internal static class PendingPodChange
{
    public static bool AffectsScheduling(V1Pod oldPod, V1Pod newPod) =>
        !string.Equals(Fingerprint(oldPod), Fingerprint(newPod), StringComparison.Ordinal);

    private static string Fingerprint(V1Pod pod)
    {
        var meta = pod.Metadata;
        return KubernetesJson.Serialize(new
        {
            spec = pod.Spec,
            labels = meta?.Labels,
            annotations = meta?.Annotations,
            ownerReferences = meta?.OwnerReferences,
            finalizers = meta?.Finalizers,
            deletionTimestamp = meta?.DeletionTimestamp,
        });
    }
}
