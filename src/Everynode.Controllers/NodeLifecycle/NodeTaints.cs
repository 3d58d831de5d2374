using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>The well-known taints the node lifecycle controller manages (upstream's k8s.io/api/core/v1 well_known_taints).</summary>
public static class NodeTaints
{
    public const string NotReady = "node.kubernetes.io/not-ready";
    public const string Unreachable = "node.kubernetes.io/unreachable";
    public const string Unschedulable = "node.kubernetes.io/unschedulable";
    public const string MemoryPressure = "node.kubernetes.io/memory-pressure";
    public const string DiskPressure = "node.kubernetes.io/disk-pressure";
    public const string PidPressure = "node.kubernetes.io/pid-pressure";
    public const string NetworkUnavailable = "node.kubernetes.io/network-unavailable";

    public const string NoSchedule = "NoSchedule";
    public const string NoExecute = "NoExecute";

    /// <summary>The NoSchedule taints set from conditions and spec.unschedulable (upstream's taint-nodes-by-condition).</summary>
    public static IReadOnlySet<string> NoScheduleKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        NotReady, Unreachable, Unschedulable, MemoryPressure, DiskPressure, PidPressure, NetworkUnavailable,
    };

    /// <summary>The NoExecute taints set from the Ready condition (taint-based eviction).</summary>
    public static IReadOnlySet<string> NoExecuteKeys { get; } = new HashSet<string>(StringComparer.Ordinal) { NotReady, Unreachable };

    /// <summary>Whether <paramref name="taint"/> is one this controller owns (it adds and removes these and no other).</summary>
    public static bool IsManaged(V1Taint taint)
    {
        ArgumentNullException.ThrowIfNull(taint);
        return taint.Effect switch
        {
            NoSchedule => NoScheduleKeys.Contains(taint.Key),
            NoExecute => NoExecuteKeys.Contains(taint.Key),
            _ => false,
        };
    }
}
