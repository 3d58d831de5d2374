using k8s.Models;

namespace Everynode.Controllers.PodGC;

/// <summary>The pod garbage collector's decisions: pure functions of the cached pods and nodes.</summary>
internal static class PodGcPlanner
{
    public const string OutOfServiceTaint = "node.kubernetes.io/out-of-service";

    /// <summary>Upstream's isPodTerminated: any phase but Pending, Running and Unknown (in practice Succeeded, Failed).</summary>
    public static bool IsTerminated(V1Pod pod) => pod.Status?.Phase is not (null or "Pending" or "Running" or "Unknown");

    /// <summary>The terminated pods above <paramref name="threshold"/>, evicted ones first, then oldest first.</summary>
    public static IReadOnlyList<V1Pod> TerminatedPodsToDelete(IEnumerable<V1Pod> pods, int threshold)
    {
        ArgumentNullException.ThrowIfNull(pods);
        if (threshold <= 0)
        {
            return [];
        }

        var terminated = pods.Where(IsTerminated).ToList();
        var deleteCount = terminated.Count - threshold;
        return deleteCount <= 0 ? [] : [.. ByEvictionAndCreationTimestamp(terminated).Take(deleteCount)];
    }

    /// <summary>Terminating pods on nodes that are not Ready and carry the out-of-service taint (upstream's gcTerminating).</summary>
    public static IReadOnlyList<V1Pod> TerminatingPodsOnOutOfServiceNodes(IEnumerable<V1Pod> pods, Func<string, V1Node?> node)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(node);
        return [.. ByEvictionAndCreationTimestamp(pods.Where(p =>
            p.Metadata.DeletionTimestamp is not null
            && !string.IsNullOrEmpty(p.Spec?.NodeName)
            && node(p.Spec.NodeName) is { } n && !IsReady(n) && n.Spec?.Taints?.Any(t => t.Key == OutOfServiceTaint) == true))];
    }

    /// <summary>Node names that pods are bound to but no node in the cache has.</summary>
    public static IReadOnlySet<string> MissingNodeNames(IEnumerable<V1Pod> pods, IReadOnlySet<string> existingNodes)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(existingNodes);
        return pods.Select(p => p.Spec?.NodeName).OfType<string>()
            .Where(n => n.Length > 0 && !existingNodes.Contains(n)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Pods marked for deletion that were never bound: no node agent will ever finish them.</summary>
    public static IReadOnlyList<V1Pod> UnscheduledTerminatingPods(IEnumerable<V1Pod> pods)
    {
        ArgumentNullException.ThrowIfNull(pods);
        return [.. pods.Where(p => p.Metadata.DeletionTimestamp is not null && string.IsNullOrEmpty(p.Spec?.NodeName))];
    }

    /// <summary>Upstream's byEvictionAndCreationTimestamp: evicted pods first, then by creation time, then by name.</summary>
    public static IEnumerable<V1Pod> ByEvictionAndCreationTimestamp(IEnumerable<V1Pod> pods) =>
        pods.OrderBy(p => IsEvicted(p) ? 0 : 1)
            .ThenBy(p => p.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(p => p.Metadata.Name, StringComparer.Ordinal);

    private static bool IsEvicted(V1Pod pod) => pod.Status is { Phase: "Failed", Reason: "Evicted" };

    private static bool IsReady(V1Node node) => node.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
}
