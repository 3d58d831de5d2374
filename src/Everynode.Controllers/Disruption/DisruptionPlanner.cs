using Everynode.Api.Models;
using Everynode.Api.PodDisruptionBudgets;
using Everynode.Api.Selectors;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.Disruption;

/// <summary>
/// Upstream's disruption controller arithmetic (pkg/controller/disruption), pure: the pods a budget selects,
/// how many it expects and needs healthy, how many are healthy, and so how many may be disrupted now.
/// </summary>
/// <remarks>
/// Expected pods: with an integer <c>minAvailable</c>, the selected pods themselves; with a percentage or
/// <c>maxUnavailable</c>, the sum of the scales of the pods' controllers. Upstream reads that scale from the
/// workload controllers' scale subresources; Everynode's controllers are DaemonSets, whose scale is their
/// <c>desiredNumberScheduled</c> (upstream has no scale for a DaemonSet and cannot compute such a budget).
/// A pod evicted through a budget (in <c>status.disruptedPods</c>) counts as gone for <see cref="DeletionTimeout"/>.
/// </remarks>
public static class DisruptionPlanner
{
    /// <summary>How long an eviction's entry in disruptedPods is trusted (upstream's DeletionTimeout).</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Pods of the budget's namespace its selector matches (nil selects nothing, an empty one everything).</summary>
    public static IReadOnlyList<V1Pod> SelectPods(V1PodDisruptionBudget pdb, IEnumerable<V1Pod> podsInNamespace)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        ArgumentNullException.ThrowIfNull(podsInNamespace);
        return LabelSelector.TryFromLabelSelector(pdb.Spec?.Selector, out var selector)
            ? [.. podsInNamespace.Where(p => selector.Matches(p.Metadata.Labels))]
            : [];
    }

    /// <summary>(expected pods, desired healthy, any unmanaged pods); <paramref name="controllerScale"/> maps a controllerRef to its scale or null if unknown.</summary>
    public static (int Expected, int DesiredHealthy, bool Unmanaged) ExpectedPodCount(
        V1PodDisruptionBudget pdb, IReadOnlyList<V1Pod> pods, Func<V1OwnerReference, int?> controllerScale)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        ArgumentNullException.ThrowIfNull(pods);
        var spec = pdb.Spec ?? new V1PodDisruptionBudgetSpec();
        if (spec.MaxUnavailable is { } maxUnavailable)
        {
            var (expected, unmanaged) = ExpectedScale(pods, controllerScale);
            var max = IntOrPercent.GetScaledValue(maxUnavailable, expected, roundUp: true)
                ?? throw new ExpectedPodCountException($"invalid value for IntOrString: invalid value \"{maxUnavailable.Value}\"");
            return (expected, Math.Max(0, expected - max), unmanaged);
        }

        if (spec.MinAvailable is { } minAvailable)
        {
            if (int.TryParse(minAvailable.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var min))
            {
                return (pods.Count, min, false);
            }

            var (expected, unmanaged) = ExpectedScale(pods, controllerScale);
            var desired = IntOrPercent.GetScaledValue(minAvailable, expected, roundUp: true)
                ?? throw new ExpectedPodCountException($"invalid value for IntOrString: invalid value \"{minAvailable.Value}\"");
            return (expected, desired, unmanaged);
        }

        return (0, 0, false);
    }

    /// <summary>
    /// The budget's new status at <paramref name="now"/>, or a null <see cref="DisruptionPlan.Status"/> when the
    /// stored one already says the same. Throws <see cref="ExpectedPodCountException"/> when a pod's controller is unknown.
    /// </summary>
    public static DisruptionPlan Compute(V1PodDisruptionBudget pdb, IReadOnlyList<V1Pod> pods, Func<V1OwnerReference, int?> controllerScale, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var (expected, desiredHealthy, unmanaged) = ExpectedPodCount(pdb, pods, controllerScale);
        var (disrupted, recheck, notDeleted) = DisruptedPods(pdb, pods, now);
        var currentHealthy = pods.Count(p => p.Metadata.DeletionTimestamp is null && !disrupted.ContainsKey(p.Metadata.Name) && PodReadiness.IsPodReady(p));
        var allowed = expected <= 0 ? 0 : Math.Max(0, currentHealthy - desiredHealthy);
        var old = pdb.Status ?? new V1PodDisruptionBudgetStatus();
        var generation = pdb.Metadata.Generation ?? 0;
        if (old.CurrentHealthy == currentHealthy && old.DesiredHealthy == desiredHealthy && old.ExpectedPods == expected
            && old.DisruptionsAllowed == allowed && (old.ObservedGeneration ?? 0) == generation && SameDisruptedPods(old.DisruptedPods, disrupted)
            && old.Conditions?.Any(c => c.Type == DisruptionAllowedCondition.Type) == true)
        {
            return new DisruptionPlan(null, recheck, unmanaged, notDeleted);
        }

        var budget = new V1PodDisruptionBudget
        {
            Metadata = pdb.Metadata,
            Status = new V1PodDisruptionBudgetStatus
            {
                CurrentHealthy = currentHealthy,
                DesiredHealthy = desiredHealthy,
                ExpectedPods = expected,
                DisruptionsAllowed = allowed,
                DisruptedPods = disrupted.Count == 0 ? null : disrupted,
                ObservedGeneration = generation,
                Conditions = [.. (old.Conditions ?? []).Select(c => ModelCopy.Clone(c))],
            },
        };
        DisruptionAllowedCondition.Set(budget, now);
        return new DisruptionPlan(budget.Status, recheck, unmanaged, notDeleted);
    }

    private static (int Expected, bool Unmanaged) ExpectedScale(IReadOnlyList<V1Pod> pods, Func<V1OwnerReference, int?> controllerScale)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var expected = 0;
        var unmanaged = false;
        foreach (var pod in pods)
        {
            var controllerRef = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
            if (controllerRef is null)
            {
                unmanaged = true;
                continue;
            }

            if (!seen.Add(controllerRef.Uid))
            {
                continue;
            }

            expected += controllerScale(controllerRef) ?? throw new ExpectedPodCountException($"found no controllers for pod \"{pod.Metadata.Name}\"");
        }

        return (expected, unmanaged);
    }

    /// <summary>Upstream's buildDisruptedPodMap: entries of live pods still within the deletion timeout.</summary>
    private static (Dictionary<string, DateTime?> Disrupted, DateTimeOffset? Recheck, List<V1Pod> NotDeleted) DisruptedPods(
        V1PodDisruptionBudget pdb, IReadOnlyList<V1Pod> pods, DateTimeOffset now)
    {
        var result = new Dictionary<string, DateTime?>(StringComparer.Ordinal);
        var notDeleted = new List<V1Pod>();
        DateTimeOffset? recheck = null;
        var recorded = pdb.Status?.DisruptedPods;
        if (recorded is null)
        {
            return (result, recheck, notDeleted);
        }

        foreach (var pod in pods)
        {
            if (pod.Metadata.DeletionTimestamp is not null || !recorded.TryGetValue(pod.Metadata.Name, out var at) || at is not { } time)
            {
                continue;
            }

            var expectedDeletion = new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) + DeletionTimeout;
            if (expectedDeletion < now)
            {
                notDeleted.Add(pod);
                continue;
            }

            if (recheck is null || expectedDeletion < recheck)
            {
                recheck = expectedDeletion;
            }

            result[pod.Metadata.Name] = time;
        }

        return (result, recheck, notDeleted);
    }

    private static bool SameDisruptedPods(IDictionary<string, DateTime?>? a, Dictionary<string, DateTime?> b) =>
        (a?.Count ?? 0) == b.Count && b.All(kv => a!.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
