using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Upstream's getNodesToDaemonPods: the DaemonSet's (already claimed) pods grouped by target node.</summary>
public static class NodeToDaemonPods
{
    /// <summary>
    /// Groups <paramref name="ownedPods"/> by <see cref="DaemonPodNodeAffinity.GetTargetNodeName"/>; pods with no
    /// target node are left out. Terminal pods that are already being deleted are left out too unless
    /// <paramref name="includeDeletedTerminal"/> (history cleanup wants their hashes; nothing else has work to do
    /// with them). Input order is kept within a node.
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> Group(
        IEnumerable<V1Pod> ownedPods, bool includeDeletedTerminal = false)
    {
        ArgumentNullException.ThrowIfNull(ownedPods);
        var result = new Dictionary<string, List<V1Pod>>(StringComparer.Ordinal);
        foreach (var pod in ownedPods)
        {
            if (!includeDeletedTerminal && PodReadiness.IsPodTerminal(pod) && PodReadiness.IsBeingDeleted(pod))
            {
                continue;
            }

            if (DaemonPodNodeAffinity.GetTargetNodeName(pod) is not { } nodeName)
            {
                continue;
            }

            if (!result.TryGetValue(nodeName, out var pods))
            {
                result[nodeName] = pods = [];
            }

            pods.Add(pod);
        }

        return result.ToDictionary(p => p.Key, IReadOnlyList<V1Pod> (p) => p.Value, StringComparer.Ordinal);
    }
}
