using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>
/// The two writes an agent makes to a pod bound to it: its status (a strategic merge patch of <c>pods/NAME/status</c>
/// carrying the whole status, as the kubelet's status manager does: conditions merge by type, so ones other components
/// own, such as DisruptionTarget, stay) and the final delete once its containers have stopped.
/// Shared by the pod workers and the simulated fleet.
/// </summary>
internal static class PodWrites
{
    /// <summary>Writes <paramref name="statusJson"/> (a serialized V1PodStatus). False when the pod is gone.</summary>
    public static async Task<bool> WriteStatusAsync(IKubernetes client, string ns, string name, string statusJson, CancellationToken ct)
    {
        var patch = new JsonObject { ["status"] = JsonNode.Parse(statusJson) };
        try
        {
            await client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), name, ns, cancellationToken: ct);
            return true;
        }
        catch (Exception e) when (ApiCalls.IsNotFound(e))
        {
            return false;
        }
    }

    /// <summary>
    /// Deletes the pod with no grace period once its containers are gone (the kubelet's last word on a graceful
    /// deletion). The uid precondition keeps a newer pod of the same name safe.
    /// </summary>
    public static async Task ConfirmDeletionAsync(IKubernetes client, string ns, string name, string uid, CancellationToken ct)
    {
        try
        {
            await client.CoreV1.DeleteNamespacedPodAsync(
                name, ns, new V1DeleteOptions { GracePeriodSeconds = 0, Preconditions = new V1Preconditions { Uid = uid } }, cancellationToken: ct);
        }
        catch (Exception e) when (ApiCalls.IsNotFound(e) || ApiCalls.IsConflict(e))
        {
            // Already gone, or a newer pod of the same name: nothing of ours left to delete.
        }
    }
}
