using k8s.Models;

namespace Everynode.Controllers.Tests.NodeLifecycle;

/// <summary>Nodes, leases and pods for the node lifecycle plan tests.</summary>
internal static class NodeLifecycleTestObjects
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static V1Node Node(string name = "n1", bool unschedulable = false, IList<V1Taint>? taints = null, params (string Type, string Status)[] conditions) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Uid = "uid-" + name, CreationTimestamp = T0.UtcDateTime.AddMinutes(-10) },
        Spec = new V1NodeSpec { Unschedulable = unschedulable ? true : null, Taints = taints },
        Status = new V1NodeStatus
        {
            Conditions = [.. conditions.Select(c => new V1NodeCondition
            {
                Type = c.Type, Status = c.Status, LastHeartbeatTime = T0.UtcDateTime, LastTransitionTime = T0.UtcDateTime.AddMinutes(-5),
            })],
        },
    };

    public static V1Lease Lease(string node, DateTimeOffset renew) => new()
    {
        Metadata = new V1ObjectMeta { Name = node, NamespaceProperty = "kube-node-lease" },
        Spec = new V1LeaseSpec { HolderIdentity = node, RenewTime = renew.UtcDateTime },
    };

    public static V1Pod Pod(string name, string node, bool ready, params V1Toleration[] tolerations) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new V1PodSpec { NodeName = node, Tolerations = tolerations.Length == 0 ? null : tolerations },
        Status = new V1PodStatus
        {
            Phase = "Running",
            Conditions =
            [
                new V1PodCondition { Type = "ContainersReady", Status = ready ? "True" : "False" },
                new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" },
            ],
        },
    };

    public static V1Taint Taint(string key, string effect, DateTimeOffset? added = null) =>
        new() { Key = key, Effect = effect, TimeAdded = added?.UtcDateTime };

    public static V1Toleration Tolerate(string? key, string? effect, long? seconds = null, string op = "Exists") =>
        new() { Key = key, Effect = effect, OperatorProperty = op, TolerationSeconds = seconds };
}
