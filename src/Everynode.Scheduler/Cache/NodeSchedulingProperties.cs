using k8s.Models;

namespace Everynode.Scheduler.Cache;

/// <summary>
/// Whether a node update can change a scheduling decision (upstream nodeSchedulingPropertiesChange): the fields
/// the filters read (labels, spec.unschedulable, taints, allocatable) and the conditions' types and statuses.
/// Heartbeats and other status churn change none of them, so they neither rebuild the node's NodeInfo nor move
/// unschedulable pods.
/// </summary>
internal static class NodeSchedulingProperties
{
    public static bool Changed(V1Node oldNode, V1Node newNode) =>
        !SameMap(oldNode.Metadata?.Labels, newNode.Metadata?.Labels)
        || (oldNode.Spec?.Unschedulable ?? false) != (newNode.Spec?.Unschedulable ?? false)
        || !Taints(oldNode).SequenceEqual(Taints(newNode))
        || !SameMap(Allocatable(oldNode), Allocatable(newNode))
        || !Conditions(oldNode).SequenceEqual(Conditions(newNode));

    private static IEnumerable<(string Key, string Value, string Effect)> Taints(V1Node node) =>
        (node.Spec?.Taints ?? []).Select(t => (t.Key, t.Value, t.Effect));

    private static Dictionary<string, string>? Allocatable(V1Node node) =>
        node.Status?.Allocatable?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "", StringComparer.Ordinal);

    private static IEnumerable<(string Type, string Status)> Conditions(V1Node node) =>
        (node.Status?.Conditions ?? []).Select(c => (c.Type, c.Status)).OrderBy(c => c.Type, StringComparer.Ordinal);

    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        return a is null || a.All(kv => b!.TryGetValue(kv.Key, out var v) && string.Equals(v, kv.Value, StringComparison.Ordinal));
    }
}
