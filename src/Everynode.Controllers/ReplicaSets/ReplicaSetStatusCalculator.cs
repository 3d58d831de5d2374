using Everynode.Api.Models;
using Everynode.Controllers.Shared;
using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>Upstream's calculateStatus for a ReplicaSet, and the ReplicaFailure condition it keeps.</summary>
public static class ReplicaSetStatusCalculator
{
    public const string ReplicaFailure = "ReplicaFailure";

    /// <summary>
    /// replicas (active pods), fullyLabeledReplicas (pods carrying every template label), readyReplicas,
    /// availableReplicas (ready for minReadySeconds), observedGeneration; a failed create or delete sets ReplicaFailure
    /// (reason FailedCreate/FailedDelete), a clean sync removes it.
    /// </summary>
    public static V1ReplicaSetStatus Calculate(V1ReplicaSet rs, IReadOnlyList<V1Pod> activePods, string? failureReason, string? failureMessage, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(rs);
        ArgumentNullException.ThrowIfNull(activePods);
        var templateLabels = rs.Spec?.Template?.Metadata?.Labels ?? new Dictionary<string, string>();
        var minReadySeconds = rs.Spec?.MinReadySeconds ?? 0;
        var status = ModelCopy.Clone(rs.Status) ?? new V1ReplicaSetStatus();
        status.Replicas = activePods.Count;
        status.FullyLabeledReplicas = activePods.Count(p => templateLabels.All(l => p.Metadata?.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value));
        status.ReadyReplicas = activePods.Count(PodReadiness.IsPodReady);
        status.AvailableReplicas = activePods.Count(p => PodReadiness.IsPodAvailable(p, minReadySeconds, now));
        status.ObservedGeneration = rs.Metadata?.Generation;
        var existing = status.Conditions?.FirstOrDefault(c => c.Type == ReplicaFailure);
        if (failureReason is not null && existing is null)
        {
            status.Conditions ??= [];
            status.Conditions.Add(new V1ReplicaSetCondition
            {
                Type = ReplicaFailure, Status = "True", Reason = failureReason, Message = failureMessage, LastTransitionTime = now.UtcDateTime,
            });
        }
        else if (failureReason is null && existing is not null)
        {
            status.Conditions!.Remove(existing);
        }

        if (status.Conditions is { Count: 0 })
        {
            status.Conditions = null;
        }

        return status;
    }
}
