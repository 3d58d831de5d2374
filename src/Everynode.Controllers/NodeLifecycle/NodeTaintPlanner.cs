using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>
/// Which of its managed taints a node should carry, from its conditions and spec (pure). NoSchedule taints follow
/// upstream's taint-nodes-by-condition table; NoExecute taints follow the Ready condition (taint-based eviction):
/// False → not-ready, Unknown → unreachable, True or missing → neither.
/// </summary>
public static class NodeTaintPlanner
{
    /// <summary>(condition type, status) → taint key, as upstream's nodeConditionToTaintKeyStatusMap.</summary>
    private static readonly (string Condition, string Status, string Key)[] ConditionTaints =
    [
        (NodeConditions.Ready, NodeConditions.False, NodeTaints.NotReady),
        (NodeConditions.Ready, NodeConditions.Unknown, NodeTaints.Unreachable),
        (NodeConditions.MemoryPressure, NodeConditions.True, NodeTaints.MemoryPressure),
        (NodeConditions.DiskPressure, NodeConditions.True, NodeTaints.DiskPressure),
        (NodeConditions.PidPressure, NodeConditions.True, NodeTaints.PidPressure),
        (NodeConditions.NetworkUnavailable, NodeConditions.True, NodeTaints.NetworkUnavailable),
    ];

    /// <summary>The managed taints the node should have, as (key, effect) pairs.</summary>
    public static IReadOnlyList<(string Key, string Effect)> Desired(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var desired = new List<(string, string)>();
        foreach (var (condition, status, key) in ConditionTaints)
        {
            if (NodeConditions.StatusOf(node, condition) == status)
            {
                desired.Add((key, NodeTaints.NoSchedule));
            }
        }

        if (node.Spec?.Unschedulable == true)
        {
            desired.Add((NodeTaints.Unschedulable, NodeTaints.NoSchedule));
        }

        switch (NodeConditions.StatusOf(node, NodeConditions.Ready))
        {
            case NodeConditions.False:
                desired.Add((NodeTaints.NotReady, NodeTaints.NoExecute));
                break;
            case NodeConditions.Unknown:
                desired.Add((NodeTaints.Unreachable, NodeTaints.NoExecute));
                break;
        }

        return desired;
    }

    /// <summary>
    /// The node's new taint list, or null when it already carries exactly the managed taints it should. Taints the
    /// controller does not manage are kept in place; managed ones already present keep their timeAdded; new
    /// NoExecute taints get timeAdded = <paramref name="now"/> (the taint eviction controller reads it), new
    /// NoSchedule taints none, as upstream.
    /// </summary>
    public static IList<V1Taint>? Reconcile(V1Node node, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(node);
        var current = node.Spec?.Taints ?? [];
        var desired = Desired(node);
        var result = new List<V1Taint>();
        var changed = false;
        foreach (var taint in current)
        {
            if (NodeTaints.IsManaged(taint) && !desired.Contains((taint.Key, taint.Effect)))
            {
                changed = true;
                continue;
            }

            result.Add(taint);
        }

        foreach (var (key, effect) in desired)
        {
            if (!current.Any(t => t.Key == key && t.Effect == effect))
            {
                changed = true;
                result.Add(new V1Taint
                {
                    Key = key,
                    Effect = effect,
                    TimeAdded = effect == NodeTaints.NoExecute ? MetaTime.From(now) : null,
                });
            }
        }

        return changed ? result : null;
    }
}
