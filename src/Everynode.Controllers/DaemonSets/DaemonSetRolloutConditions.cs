using System.Globalization;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>
/// Beyond upstream: two status conditions that say why a RollingUpdate has stalled, so that "a node is down" and
/// "the new version is broken" are told apart (upstream only shows the counters stop moving).
/// <list type="bullet">
/// <item><c>RolloutBlockedByNodes</c> (reason <c>NodesNotReady</c>): nodes that should run the new pod are not
/// Ready (Ready False or Unknown): their pods cannot start or stop, and they hold the unavailability budget.</item>
/// <item><c>RolloutBlockedByNewPods</c> (reason <c>NewPodsNotAvailable</c>): pods of the new template on Ready nodes
/// crash, cannot pull their image, cannot be scheduled, or stay unready past the stall threshold.</item>
/// </list>
/// A condition is present (status True) only while the rollout is stalled — it is incomplete and the rolling
/// update pass has nothing left it may do — and blockers of its kind exist; otherwise it is removed.
/// </summary>
public static class DaemonSetRolloutConditions
{
    public const string BlockedByNodes = "RolloutBlockedByNodes";
    public const string BlockedByNewPods = "RolloutBlockedByNewPods";
    public const string NodesNotReadyReason = "NodesNotReady";
    public const string NewPodsNotAvailableReason = "NewPodsNotAvailable";

    private const int MaxNamed = 10;

    // Waiting reasons of a container that is still on its way up, not failing.
    private static readonly HashSet<string> StartingReasons = new(StringComparer.Ordinal) { "", "ContainerCreating", "PodInitializing" };

    /// <summary>
    /// The blockers of a stalled rollout, or <see cref="RolloutBlockers.None"/> when the DaemonSet is not a
    /// RollingUpdate, the rollout is complete, or the pass <paramref name="plan"/> still has work to do.
    /// A new pod counts once it visibly fails, or once it has been unavailable for <paramref name="stallAfter"/>.
    /// </summary>
    public static RolloutBlockers FindBlockers(
        V1DaemonSet ds,
        IEnumerable<V1Node> nodes,
        IReadOnlyDictionary<string, IReadOnlyList<V1Pod>> nodeToDaemonPods,
        string hash,
        RollingUpdatePlan? plan,
        DateTimeOffset now,
        TimeSpan stallAfter)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(nodeToDaemonPods);
        if (!DaemonSetUpdateStrategy.IsRollingUpdate(ds) || plan is null || !plan.IsEmpty)
        {
            return RolloutBlockers.None;
        }

        var minReadySeconds = ds.Spec?.MinReadySeconds ?? 0;
        var blockedNodes = new List<string>();
        var blockedPods = new List<string>();
        TimeSpan? recheck = null;
        var predicate = DaemonSetPredicates.For(ds);
        foreach (var node in nodes.OrderBy(n => n.Metadata?.Name, StringComparer.Ordinal))
        {
            if (!predicate.Evaluate(node).ShouldRun)
            {
                continue;
            }

            var name = node.Metadata?.Name ?? string.Empty;
            var pods = nodeToDaemonPods.TryGetValue(name, out var found) ? found : [];
            var (newPod, _, _) = DaemonSetRollingUpdate.FindUpdatedPodsOnNode(ds, pods, hash);
            if (newPod is not null && PodReadiness.IsPodAvailable(newPod, minReadySeconds, now))
            {
                continue;
            }

            if (NodeReadyStatus(node) is { } notReady)
            {
                blockedNodes.Add($"{name} (Ready={notReady})");
                continue;
            }

            if (newPod is null)
            {
                continue;
            }

            if (FailureOf(newPod) is { } failure)
            {
                blockedPods.Add($"{Key(newPod)} on {name} ({failure})");
                continue;
            }

            var age = now - AsUtc(newPod.Metadata?.CreationTimestamp ?? now.UtcDateTime);
            if (age >= stallAfter)
            {
                blockedPods.Add($"{Key(newPod)} on {name} (not available after {HumanDuration(age)})");
            }
            else if (recheck is null || stallAfter - age < recheck)
            {
                recheck = stallAfter - age;
            }
        }

        return blockedNodes.Count == 0 && blockedPods.Count == 0 && recheck is null
            ? RolloutBlockers.None
            : new RolloutBlockers(blockedNodes, blockedPods, recheck);
    }

    /// <summary>
    /// The conditions to store: <paramref name="current"/> without our two types, plus one True condition per kind
    /// of blocker. An unchanged condition keeps its lastTransitionTime.
    /// </summary>
    public static List<V1DaemonSetCondition> Apply(IEnumerable<V1DaemonSetCondition>? current, RolloutBlockers blockers, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(blockers);
        var existing = (current ?? []).ToList();
        var result = existing.Where(c => c.Type is not (BlockedByNodes or BlockedByNewPods)).ToList();
        if (blockers.Nodes.Count > 0)
        {
            result.Add(Condition(existing, BlockedByNodes, NodesNotReadyReason, NodesMessage(blockers.Nodes), now));
        }

        if (blockers.NewPods.Count > 0)
        {
            result.Add(Condition(existing, BlockedByNewPods, NewPodsNotAvailableReason, PodsMessage(blockers.NewPods), now));
        }

        return result;
    }

    /// <summary>True when both lists hold the same rollout conditions (type, status, reason, message).</summary>
    public static bool SameRolloutConditions(IEnumerable<V1DaemonSetCondition>? a, IEnumerable<V1DaemonSetCondition>? b) =>
        Ours(a).SequenceEqual(Ours(b));

    /// <summary>The events to record for conditions that turned True or changed their message.</summary>
    public static IReadOnlyList<DaemonSetEvent> Events(IEnumerable<V1DaemonSetCondition>? before, IEnumerable<V1DaemonSetCondition>? after)
    {
        var old = Ours(before).ToList();
        return Ours(after)
            .Where(c => !old.Contains(c))
            .Select(c => new DaemonSetEvent(DaemonSetEvents.Warning, c.Type, c.Message ?? string.Empty))
            .ToList();
    }

    public static string NodesMessage(IReadOnlyList<string> nodes) =>
        $"rollout stalled: {nodes.Count} node(s) that should run the new pod are not Ready: {Join(nodes)}";

    public static string PodsMessage(IReadOnlyList<string> pods) =>
        $"rollout stalled: {pods.Count} new pod(s) do not become available: {Join(pods)}";

    private static IEnumerable<(string Type, string Status, string? Reason, string? Message)> Ours(IEnumerable<V1DaemonSetCondition>? conditions) =>
        (conditions ?? [])
            .Where(c => c.Type is BlockedByNodes or BlockedByNewPods)
            .Select(c => (c.Type, c.Status, (string?)c.Reason, (string?)c.Message))
            .OrderBy(c => c.Type, StringComparer.Ordinal);

    private static V1DaemonSetCondition Condition(List<V1DaemonSetCondition> existing, string type, string reason, string message, DateTime now)
    {
        var previous = existing.FirstOrDefault(c => c.Type == type && c.Status == "True");
        return new V1DaemonSetCondition
        {
            Type = type,
            Status = "True",
            Reason = reason,
            Message = message,
            LastTransitionTime = previous?.LastTransitionTime ?? now,
        };
    }

    /// <summary>
    /// "False" or "Unknown" for a node whose Ready condition says so, else null. A node that has never reported
    /// (no Ready condition) is not blamed: nothing is known about it yet.
    /// </summary>
    private static string? NodeReadyStatus(V1Node node) =>
        node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status switch
        {
            "False" => "False",
            "Unknown" => "Unknown",
            _ => null,
        };

    /// <summary>What visibly fails in a new pod: it failed, cannot be scheduled, a container waits for a bad reason, exited or restarted.</summary>
    private static string? FailureOf(V1Pod pod)
    {
        if (pod.Status?.Phase == "Failed")
        {
            return pod.Status.Reason is { Length: > 0 } r ? $"Failed: {r}" : "Failed";
        }

        if (pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled" && c.Status == "False" && c.Reason == "Unschedulable") is { } unschedulable)
        {
            return $"Unschedulable: {unschedulable.Message}";
        }

        var statuses = (pod.Status?.InitContainerStatuses ?? []).Concat(pod.Status?.ContainerStatuses ?? []).ToList();
        if (statuses.FirstOrDefault(s => s.State?.Waiting is { } w && !StartingReasons.Contains(w.Reason ?? "")) is { } waiting)
        {
            return waiting.State.Waiting.Reason;
        }

        if (statuses.FirstOrDefault(s => s.State?.Terminated is not null && s.Ready != true) is { } terminated
            && terminated.State.Terminated.Reason is { Length: > 0 } exitReason)
        {
            return exitReason;
        }

        return statuses.Sum(s => s.RestartCount) is > 0 and var restarts
            ? $"restarted {restarts.ToString(CultureInfo.InvariantCulture)} time(s)"
            : null;
    }

    private static string Join(IReadOnlyList<string> items) =>
        items.Count <= MaxNamed
            ? string.Join(", ", items)
            : $"{string.Join(", ", items.Take(MaxNamed))} and {(items.Count - MaxNamed).ToString(CultureInfo.InvariantCulture)} more";

    private static string Key(V1Pod pod) => $"{pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name}";

    private static DateTimeOffset AsUtc(DateTime time) =>
        new(DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc));

    private static string HumanDuration(TimeSpan d) =>
        d.TotalMinutes >= 1
            ? $"{((int)d.TotalMinutes).ToString(CultureInfo.InvariantCulture)}m"
            : $"{((int)d.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s";
}
