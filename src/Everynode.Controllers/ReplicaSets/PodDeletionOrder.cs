using System.Globalization;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>
/// Which pods a ReplicaSet scales down first (upstream's getPodsToDelete over ActivePodsWithRanks, with the
/// LogarithmicScaleDown and PodDeletionCost behaviour that are on by default). Earlier in the order = deleted first:
/// <list type="number">
/// <item>unassigned before assigned;</item>
/// <item>Pending before Unknown before Running;</item>
/// <item>not ready before ready;</item>
/// <item>lower <c>controller.kubernetes.io/pod-deletion-cost</c> first;</item>
/// <item>higher rank first (more of the related pods on the same node: spreading is kept);</item>
/// <item>both ready: ready for less time first, compared on a log2 scale of the age (ties by UID);</item>
/// <item>more container restarts first;</item>
/// <item>newer first, again on a log2 scale of the age (ties by UID).</item>
/// </list>
/// </summary>
public static class PodDeletionOrder
{
    public const string PodDeletionCostAnnotation = "controller.kubernetes.io/pod-deletion-cost";

    /// <summary>
    /// The <paramref name="diff"/> pods to delete among <paramref name="pods"/> (the ReplicaSet's active pods). The rank of
    /// a pod is how many active pods of <paramref name="related"/> (every ReplicaSet of the same owner, this one included)
    /// share its node.
    /// </summary>
    public static IReadOnlyList<V1Pod> PodsToDelete(IReadOnlyList<V1Pod> pods, IReadOnlyList<V1Pod> related, int diff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(related);
        if (diff >= pods.Count)
        {
            return pods;
        }

        var podsOnNode = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pod in related.Where(IsActive))
        {
            var node = pod.Spec?.NodeName ?? string.Empty;
            podsOnNode[node] = podsOnNode.GetValueOrDefault(node) + 1;
        }

        var ranked = pods.Select(p => (Pod: p, Rank: podsOnNode.GetValueOrDefault(p.Spec?.NodeName ?? string.Empty))).ToList();
        ranked.Sort((a, b) => Compare(a.Pod, a.Rank, b.Pod, b.Rank, now));
        return ranked.Take(diff).Select(r => r.Pod).ToList();
    }

    /// <summary>Negative when pod <paramref name="a"/> should be deleted before pod <paramref name="b"/>.</summary>
    public static int Compare(V1Pod a, int rankA, V1Pod b, int rankB, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var nodeA = a.Spec?.NodeName ?? string.Empty;
        var nodeB = b.Spec?.NodeName ?? string.Empty;
        if (nodeA != nodeB && (nodeA.Length == 0 || nodeB.Length == 0))
        {
            return nodeA.Length == 0 ? -1 : 1;
        }

        var phase = PhaseOrdinal(a).CompareTo(PhaseOrdinal(b));
        if (phase != 0)
        {
            return phase;
        }

        var readyA = PodReadiness.IsPodReady(a);
        var readyB = PodReadiness.IsPodReady(b);
        if (readyA != readyB)
        {
            return readyA ? 1 : -1;
        }

        var cost = DeletionCost(a).CompareTo(DeletionCost(b));
        if (cost != 0)
        {
            return cost;
        }

        if (rankA != rankB)
        {
            return rankB.CompareTo(rankA);
        }

        if (readyA && readyB && ReadyTime(a) != ReadyTime(b))
        {
            return NewerFirst(ReadyTime(a), ReadyTime(b), a, b, now);
        }

        var restarts = MaxRestarts(b).CompareTo(MaxRestarts(a));
        if (restarts != 0)
        {
            return restarts;
        }

        var createdA = a.Metadata?.CreationTimestamp;
        var createdB = b.Metadata?.CreationTimestamp;
        return createdA != createdB ? NewerFirst(createdA, createdB, a, b, now) : 0;
    }

    /// <summary>Upstream's PodDeletionCost: the annotation as an int32, 0 when absent or not a number.</summary>
    public static int DeletionCost(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Metadata?.Annotations?.TryGetValue(PodDeletionCostAnnotation, out var text) == true
            && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var cost)
                ? cost
                : 0;
    }

    /// <summary>Not finished and not being deleted (upstream's IsPodActive).</summary>
    public static bool IsActive(V1Pod pod) => !PodReadiness.IsPodTerminal(pod) && !PodReadiness.IsBeingDeleted(pod);

    private static int PhaseOrdinal(V1Pod pod) => pod.Status?.Phase switch
    {
        "Pending" => 0,
        "Unknown" => 1,
        "Running" => 2,
        _ => 3,
    };

    private static DateTime? ReadyTime(V1Pod pod) =>
        pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready" && c.Status == "True")?.LastTransitionTime;

    private static int MaxRestarts(V1Pod pod) => pod.Status?.ContainerStatuses?.Select(c => c.RestartCount).DefaultIfEmpty(0).Max() ?? 0;

    /// <summary>
    /// The more recent time first; an unknown time before any known one. With both known, the ages are compared as
    /// ⌊log2(age in ns)⌋ so pods of about the same age count as equal (ties then by UID), as LogarithmicScaleDown does.
    /// </summary>
    private static int NewerFirst(DateTime? timeA, DateTime? timeB, V1Pod a, V1Pod b, DateTimeOffset now)
    {
        if (timeA is null || timeB is null)
        {
            return timeA is null ? -1 : 1;
        }

        var diff = LogRank(timeA.Value, now) - LogRank(timeB.Value, now);
        return diff != 0 ? Math.Sign(diff) : string.CompareOrdinal(a.Metadata?.Uid, b.Metadata?.Uid);
    }

    private static int LogRank(DateTime time, DateTimeOffset now)
    {
        var utc = DateTime.SpecifyKind(time, DateTimeKind.Utc);
        var nanoseconds = (now.UtcDateTime - utc).Ticks * 100.0;
        return nanoseconds <= 0 ? -1 : (int)Math.Log2(nanoseconds);
    }
}
