using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Api.PodDisruptionBudgets;

/// <summary>
/// The <c>DisruptionAllowed</c> condition of a PodDisruptionBudget, as upstream's UpdateDisruptionAllowedCondition
/// sets it from <c>status.disruptionsAllowed</c> (the eviction subresource and the disruption controller both do).
/// </summary>
public static class DisruptionAllowedCondition
{
    public const string Type = "DisruptionAllowed";
    public const string SufficientPods = "SufficientPods";
    public const string InsufficientPods = "InsufficientPods";
    public const string SyncFailed = "SyncFailed";

    /// <summary>True/SufficientPods when a disruption is allowed, else False/InsufficientPods.</summary>
    public static void Set(V1PodDisruptionBudget pdb, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var status = pdb.Status ??= new V1PodDisruptionBudgetStatus();
        var allowed = status.DisruptionsAllowed > 0;
        Set(pdb, allowed ? "True" : "False", allowed ? SufficientPods : InsufficientPods, "", now);
    }

    /// <summary>
    /// Upstream's meta.SetStatusCondition: the transition time moves only when the status changes; reason, message
    /// and observedGeneration are always updated.
    /// </summary>
    public static void Set(V1PodDisruptionBudget pdb, string conditionStatus, string reason, string message, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(pdb);
        var status = pdb.Status ??= new V1PodDisruptionBudgetStatus();
        status.Conditions ??= [];
        var existing = status.Conditions.FirstOrDefault(c => c.Type == Type);
        if (existing is null)
        {
            existing = new V1Condition { Type = Type, LastTransitionTime = MetaTime.From(now) };
            status.Conditions.Add(existing);
        }
        else if (existing.Status != conditionStatus)
        {
            existing.LastTransitionTime = MetaTime.From(now);
        }

        existing.Status = conditionStatus;
        existing.Reason = reason;
        existing.Message = message;
        existing.ObservedGeneration = status.ObservedGeneration;
    }
}
