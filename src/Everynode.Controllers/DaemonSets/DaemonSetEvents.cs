using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>The DaemonSet controller's event reasons and messages, worded as upstream's.</summary>
public static class DaemonSetEvents
{
    public const string Normal = "Normal";
    public const string Warning = "Warning";

    /// <summary>The event source component.</summary>
    public const string Component = "daemonset-controller";

    public const string SelectingAllReason = "SelectingAll";
    public const string FailedPlacementReason = "FailedPlacement";
    public const string FailedDaemonPodReason = "FailedDaemonPod";
    public const string SucceededDaemonPodReason = "SucceededDaemonPod";
    public const string SuccessfulCreateReason = "SuccessfulCreate";
    public const string FailedCreateReason = "FailedCreate";
    public const string SuccessfulDeleteReason = "SuccessfulDelete";
    public const string FailedDeleteReason = "FailedDelete";

    public static DaemonSetEvent SelectingAll() =>
        new(Warning, SelectingAllReason, "This daemon set is selecting all pods. A non-empty selector is required.");

    /// <summary>Our extension (upstream only keeps the reason): a daemon pod cannot be placed on a node.</summary>
    public static DaemonSetEvent FailedPlacement(string nodeName, string reason) =>
        new(Warning, FailedPlacementReason, $"failed to place pod on \"{nodeName}\": {reason}");

    public static DaemonSetEvent FailedDaemonPod(V1Pod pod, string nodeName) =>
        new(Warning, FailedDaemonPodReason,
            $"Found failed daemon pod {PodKey(pod)} on node {nodeName}, will try to kill it");

    public static DaemonSetEvent SucceededDaemonPod(V1Pod pod, string nodeName) =>
        new(Normal, SucceededDaemonPodReason,
            $"Found succeeded daemon pod {PodKey(pod)} on node {nodeName}, will try to delete it");

    public static DaemonSetEvent SuccessfulCreate(string podName) => new(Normal, SuccessfulCreateReason, $"Created pod: {podName}");

    public static DaemonSetEvent FailedCreate(string error) => new(Warning, FailedCreateReason, $"Error creating: {error}");

    public static DaemonSetEvent SuccessfulDelete(string podName) => new(Normal, SuccessfulDeleteReason, $"Deleted pod: {podName}");

    public static DaemonSetEvent FailedDelete(string error) => new(Warning, FailedDeleteReason, $"Error deleting: {error}");

    private static string PodKey(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return $"{pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name}";
    }
}
