using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Harness;

/// <summary>Node objects made through the API, as a kubelet would register them, for clusters without node agents.</summary>
internal static class ClusterNodes
{
    /// <summary>
    /// Creates node <paramref name="name"/> with the usual hostname/os labels plus <paramref name="labels"/>, then
    /// reports it Ready through <c>/status</c> with the given allocatable cpu, memory and pods (capacity the same).
    /// </summary>
    public static async Task<V1Node> CreateReadyNodeAsync(
        Kubernetes client,
        string name,
        IDictionary<string, string>? labels = null,
        IList<V1Taint>? taints = null,
        string cpu = "4",
        string memory = "8Gi",
        string pods = "110",
        CancellationToken ct = default)
    {
        var allLabels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name, ["kubernetes.io/os"] = "linux" };
        foreach (var (k, v) in labels ?? new Dictionary<string, string>())
        {
            allLabels[k] = v;
        }

        await client.CoreV1.CreateNodeAsync(
            new V1Node { Metadata = new V1ObjectMeta { Name = name, Labels = allLabels }, Spec = new V1NodeSpec { Taints = taints } },
            cancellationToken: ct);
        var capacity = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new(pods) };
        var status = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name },
            Status = new V1NodeStatus
            {
                Capacity = capacity,
                Allocatable = capacity,
                Conditions = [new V1NodeCondition { Type = "Ready", Status = "True", Reason = "KubeletReady", Message = "kubelet is posting ready status", LastHeartbeatTime = DateTime.UtcNow, LastTransitionTime = DateTime.UtcNow }],
            },
        };
        return await client.CoreV1.PatchNodeStatusAsync(new V1Patch(KubernetesJson.Serialize(status), V1Patch.PatchType.MergePatch), name, cancellationToken: ct);
    }
}
