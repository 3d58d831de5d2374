using System.Globalization;
using k8s.Models;

namespace Everynode.Agent.Node;

/// <summary>
/// Pure pieces of the Node object the agent writes: the registration object, capacity, conditions with upstream's
/// reasons and messages, addresses, nodeInfo. Condition times follow upstream: lastHeartbeatTime is every report,
/// lastTransitionTime only changes when the status does.
/// </summary>
internal static class NodeStatusBuilder
{
    /// <summary>The kubelet version the agent reports; the same minor as the API server.</summary>
    public const string KubeletVersion = "v1.32.4+everynode";

    public const string HostnameLabel = "kubernetes.io/hostname";
    public const string OsLabel = "kubernetes.io/os";
    public const string ArchLabel = "kubernetes.io/arch";

    public static V1Node NewNode(AgentOptions options, string architecture)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [HostnameLabel] = options.NodeName,
            [OsLabel] = "linux",
            [ArchLabel] = architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = architecture,
        };
        foreach (var (key, value) in options.Labels)
        {
            labels[key] = value;
        }

        return new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta
            {
                Name = options.NodeName,
                Labels = labels,
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["node.alpha.kubernetes.io/ttl"] = "0",
                    ["volumes.kubernetes.io/controller-managed-attach-detach"] = "true",
                },
            },
            Spec = new V1NodeSpec { Taints = options.Taints.Count == 0 ? null : [.. options.Taints] },
        };
    }

    /// <summary>Capacity as the kubelet reports it: cpu in cores, memory in Ki, pods, ephemeral-storage in Ki.</summary>
    public static Dictionary<string, ResourceQuantity> Capacity(long milliCpu, long memoryBytes, int maxPods, long diskBytes)
    {
        var capacity = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal)
        {
            ["cpu"] = new(milliCpu % 1000 == 0 ? (milliCpu / 1000).ToString(CultureInfo.InvariantCulture) : milliCpu.ToString(CultureInfo.InvariantCulture) + "m"),
            ["memory"] = new((memoryBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki"),
            ["pods"] = new(maxPods.ToString(CultureInfo.InvariantCulture)),
        };
        if (diskBytes > 0)
        {
            capacity["ephemeral-storage"] = new((diskBytes / 1024).ToString(CultureInfo.InvariantCulture) + "Ki");
        }

        return capacity;
    }

    /// <summary>Allocatable: capacity less the hard eviction reserve for memory (100Mi) and 10% of the disk, as upstream.</summary>
    public static Dictionary<string, ResourceQuantity> Allocatable(long milliCpu, long memoryBytes, int maxPods, long diskBytes) =>
        Capacity(
            milliCpu,
            Math.Max(0, memoryBytes - NodePressure.MemoryAvailableThresholdBytes),
            maxPods,
            (long)(diskBytes * (1 - NodePressure.DiskAvailableThresholdFraction)));

    public static List<V1NodeCondition> Conditions(NodePressure pressure, bool ready, IList<V1NodeCondition>? previous, DateTime now) =>
    [
        Condition("MemoryPressure", pressure.Memory,
            pressure.Memory ? ("KubeletHasInsufficientMemory", "kubelet has insufficient memory available") : ("KubeletHasSufficientMemory", "kubelet has sufficient memory available"), previous, now),
        Condition("DiskPressure", pressure.Disk,
            pressure.Disk ? ("KubeletHasDiskPressure", "kubelet has disk pressure") : ("KubeletHasNoDiskPressure", "kubelet has no disk pressure"), previous, now),
        Condition("PIDPressure", pressure.Pid,
            pressure.Pid ? ("KubeletHasInsufficientPID", "kubelet has insufficient PID available") : ("KubeletHasSufficientPID", "kubelet has sufficient PID available"), previous, now),
        Condition("Ready", ready,
            ready ? ("KubeletReady", "kubelet is posting ready status") : ("KubeletNotReady", "container runtime is down"), previous, now),
    ];

    public static List<V1NodeAddress> Addresses(AgentOptions options) =>
    [
        new V1NodeAddress { Type = "InternalIP", Address = options.NodeIP.ToString() },
        new V1NodeAddress { Type = "Hostname", Address = options.NodeName },
    ];

    public static V1NodeSystemInfo NodeInfo(string runtimeName, string architecture) => new()
    {
        MachineID = HostReadings.MachineId,
        SystemUUID = HostReadings.MachineId,
        BootID = HostReadings.BootId,
        KernelVersion = HostReadings.KernelVersion,
        OsImage = HostReadings.OsImage,
        ContainerRuntimeVersion = $"{runtimeName}://{KubeletVersion.TrimStart('v')}",
        KubeletVersion = KubeletVersion,
        KubeProxyVersion = "",
        OperatingSystem = "linux",
        Architecture = architecture,
    };

    /// <summary>True when two condition lists differ in anything but their heartbeat times.</summary>
    public static bool ConditionsChanged(IList<V1NodeCondition>? a, IList<V1NodeCondition>? b)
    {
        if (a is null || b is null || a.Count != b.Count)
        {
            return true;
        }

        return a.Zip(b).Any(p => p.First.Type != p.Second.Type || p.First.Status != p.Second.Status || p.First.Reason != p.Second.Reason
            || p.First.Message != p.Second.Message || p.First.LastTransitionTime != p.Second.LastTransitionTime);
    }

    private static V1NodeCondition Condition(string type, bool isTrue, (string Reason, string Message) text, IList<V1NodeCondition>? previous, DateTime now)
    {
        var status = isTrue ? "True" : "False";
        var before = previous?.FirstOrDefault(c => c.Type == type);
        return new V1NodeCondition
        {
            Type = type,
            Status = status,
            Reason = text.Reason,
            Message = text.Message,
            LastHeartbeatTime = now,
            LastTransitionTime = before is not null && before.Status == status && before.LastTransitionTime is { } t ? t : now,
        };
    }
}
