using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>Node condition types and helpers.</summary>
public static class NodeConditions
{
    public const string Ready = "Ready";
    public const string MemoryPressure = "MemoryPressure";
    public const string DiskPressure = "DiskPressure";
    public const string PidPressure = "PIDPressure";
    public const string NetworkUnavailable = "NetworkUnavailable";

    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>The conditions a kubelet posts and the controller turns Unknown when it goes silent (upstream's list).</summary>
    public static IReadOnlyList<string> KubeletOwned { get; } = [Ready, MemoryPressure, DiskPressure, PidPressure];

    public static V1NodeCondition? Get(V1Node node, string type)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.Status?.Conditions?.FirstOrDefault(c => c.Type == type);
    }

    /// <summary>The status of condition <paramref name="type"/>, or null when the node has none.</summary>
    public static string? StatusOf(V1Node node, string type) => Get(node, type)?.Status;
}
