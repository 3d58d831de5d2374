using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// PodTopologySpread scoring with upstream's system default constraints, for pods that set none of their own:
/// <c>kubernetes.io/hostname</c> with maxSkew 3 and <c>topology.kubernetes.io/zone</c> with maxSkew 5, both
/// ScheduleAnyway (they only score, never filter). The pods that count are those of the same controller (a
/// ReplicaSet's pods share its UID as controllerRef), in the pod's namespace and not terminating — upstream derives
/// the selector from the owning ReplicaSet, which selects exactly those. A node scores
/// <c>Σ count × ln(domains + 2) + (maxSkew − 1)</c> (rounded), then the scores are normalized so the emptiest node
/// gets 100: <c>100 × (max + min − score) / max</c>. A node without any of the keys scores 0. Pods without a
/// controller (or with constraints of their own) are not scored here.
/// </summary>
internal static class PodTopologySpread
{
    public const long Weight = 2;

    private static readonly (string Key, int MaxSkew)[] SystemDefaultConstraints =
    [
        ("kubernetes.io/hostname", 3),
        ("topology.kubernetes.io/zone", 5),
    ];

    /// <summary>The normalized score of every feasible node, in the order given; null when the pod is not spread.</summary>
    public static long[]? Scores(CycleState state, IReadOnlyList<NodeInfo> feasible)
    {
        var pod = state.Pod;
        var ownerUid = pod.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true)?.Uid;
        if (string.IsNullOrEmpty(ownerUid) || pod.Spec?.TopologySpreadConstraints is { Count: > 0 })
        {
            return null;
        }

        var ns = pod.Metadata?.NamespaceProperty;
        var weights = SystemDefaultConstraints
            .Select(c => Math.Log(feasible.Select(n => Label(n, c.Key)).OfType<string>().Distinct(StringComparer.Ordinal).Count() + 2))
            .ToArray();
        var countsByZone = feasible
            .Where(n => Label(n, SystemDefaultConstraints[1].Key) is not null)
            .GroupBy(n => Label(n, SystemDefaultConstraints[1].Key)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(n => Matching(n, ns, ownerUid)), StringComparer.Ordinal);
        var raw = new long?[feasible.Count];
        for (var i = 0; i < feasible.Count; i++)
        {
            var node = feasible[i];
            var matched = false;
            double score = 0;
            for (var c = 0; c < SystemDefaultConstraints.Length; c++)
            {
                var (key, maxSkew) = SystemDefaultConstraints[c];
                if (Label(node, key) is not { } value)
                {
                    continue;
                }

                matched = true;
                var count = c == 0 ? Matching(node, ns, ownerUid) : countsByZone[value];
                score += (count * weights[c]) + (maxSkew - 1);
            }

            raw[i] = matched ? (long)Math.Round(score, MidpointRounding.AwayFromZero) : null;
        }

        return Normalize(raw);
    }

    private static long[] Normalize(long?[] raw)
    {
        var known = raw.OfType<long>().ToList();
        var min = known.Count == 0 ? 0 : known.Min();
        var max = known.Count == 0 ? 0 : known.Max();
        return raw.Select(s => s switch
        {
            null => 0,
            _ when max == 0 => NodeResourcesFit.MaxNodeScore,
            { } value => NodeResourcesFit.MaxNodeScore * (max + min - value) / max,
        }).ToArray();
    }

    private static int Matching(NodeInfo node, string? ns, string ownerUid) =>
        node.Pods.Count(p => p.Pod.Metadata?.NamespaceProperty == ns && p.Pod.Metadata?.DeletionTimestamp is null
            && p.Pod.Metadata?.OwnerReferences?.Any(o => o.Controller == true && o.Uid == ownerUid) == true);

    private static string? Label(NodeInfo node, string key) =>
        node.Node.Metadata?.Labels?.TryGetValue(key, out var value) == true ? value : null;
}
