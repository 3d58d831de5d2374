using Everynode.Api.Models;
using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>Upstream's calculateStatus and syncRolloutStatus: counts from the ReplicaSets, then the conditions.</summary>
public static class DeploymentStatusCalculator
{
    /// <summary>
    /// replicas, updatedReplicas (the new ReplicaSet's), ready, available and unavailable (spec replicas of every
    /// ReplicaSet minus the available ones) and observedGeneration; Available is True when at least
    /// replicas − maxUnavailable pods are available.
    /// </summary>
    public static V1DeploymentStatus Calculate(V1Deployment d, IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(all);
        var available = DeploymentMath.AvailableReplicas(all);
        var status = new V1DeploymentStatus
        {
            ObservedGeneration = d.Metadata?.Generation,
            Replicas = DeploymentMath.StatusReplicas(all),
            UpdatedReplicas = newRs?.Status?.Replicas ?? 0,
            ReadyReplicas = DeploymentMath.ReadyReplicas(all),
            AvailableReplicas = available,
            UnavailableReplicas = Math.Max(0, DeploymentMath.SpecReplicas(all) - available),
            CollisionCount = d.Status?.CollisionCount,
            Conditions = ModelCopy.Clone(d.Status?.Conditions)?.ToList(),
        };
        var condition = available >= DeploymentMath.Replicas(d) - DeploymentMath.MaxUnavailable(d)
            ? DeploymentConditions.New(DeploymentConditions.Available, "True", DeploymentConditions.MinimumReplicasAvailable, "Deployment has minimum availability.", now)
            : DeploymentConditions.New(DeploymentConditions.Available, "False", DeploymentConditions.MinimumReplicasUnavailable, "Deployment does not have minimum availability.", now);
        DeploymentConditions.Set(status, condition);
        return status;
    }

    /// <summary>
    /// Upstream's syncRolloutStatus on top of <see cref="Calculate"/>: Progressing says NewReplicaSetAvailable once
    /// complete, ReplicaSetUpdated while pods move, ProgressDeadlineExceeded when nothing moved for
    /// progressDeadlineSeconds; the new ReplicaSet's ReplicaFailure is mirrored.
    /// </summary>
    public static V1DeploymentStatus RolloutStatus(V1Deployment d, IReadOnlyList<V1ReplicaSet> all, V1ReplicaSet? newRs, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(d);
        var status = Calculate(d, all, newRs, now);
        if (d.Spec?.ProgressDeadlineSeconds is not { } deadline)
        {
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
        }
        else
        {
            var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
            var complete = status.Replicas == status.UpdatedReplicas && current?.Reason == DeploymentConditions.NewReplicaSetAvailable;
            if (d.Spec.Paused != true && !complete)
            {
                UpdateProgressing(d, status, newRs, current, deadline, now);
            }
        }

        var failure = newRs?.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True");
        if (failure is not null)
        {
            DeploymentConditions.Set(status, new V1DeploymentCondition
            {
                Type = DeploymentConditions.ReplicaFailure, Status = "True", Reason = failure.Reason, Message = failure.Message,
                LastUpdateTime = failure.LastTransitionTime, LastTransitionTime = failure.LastTransitionTime,
            });
        }
        else
        {
            DeploymentConditions.Remove(status, DeploymentConditions.ReplicaFailure);
        }

        return status;
    }

    /// <summary>When the current Progressing condition runs out (for requeueing), or null when nothing is waited for.</summary>
    public static TimeSpan? ProgressDeadlineIn(V1Deployment d, V1DeploymentStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(d);
        ArgumentNullException.ThrowIfNull(status);
        var current = DeploymentConditions.Get(status, DeploymentConditions.Progressing);
        if (d.Spec?.ProgressDeadlineSeconds is not { } deadline || current?.LastUpdateTime is not { } updated
            || current.Reason is DeploymentConditions.NewReplicaSetAvailable or DeploymentConditions.ProgressDeadlineExceeded
            || DeploymentRollout.IsComplete(d, status))
        {
            return null;
        }

        var left = DateTime.SpecifyKind(updated, DateTimeKind.Utc).AddSeconds(deadline) - now.UtcDateTime;
        return left < TimeSpan.Zero ? TimeSpan.Zero : left + TimeSpan.FromSeconds(1);
    }

    private static void UpdateProgressing(V1Deployment d, V1DeploymentStatus status, V1ReplicaSet? newRs, V1DeploymentCondition? current, int deadline, DateTimeOffset now)
    {
        var name = newRs?.Metadata?.Name;
        if (DeploymentRollout.IsComplete(d, status))
        {
            var message = name is null ? "Deployment has successfully progressed." : $"ReplicaSet \"{name}\" has successfully progressed.";
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetAvailable, message, now));
        }
        else if (IsProgressing(d, status))
        {
            var message = name is null ? "Deployment is progressing." : $"ReplicaSet \"{name}\" is progressing.";
            var condition = DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, message, now);
            if (current?.Status == "True")
            {
                condition.LastTransitionTime = current.LastTransitionTime;
            }

            // Progress refreshes lastUpdateTime even when the reason stays, so the deadline counts from the last move.
            DeploymentConditions.Remove(status, DeploymentConditions.Progressing);
            DeploymentConditions.Set(status, condition);
        }
        else if (current is not null && current.Reason != DeploymentConditions.ProgressDeadlineExceeded
            && current.LastUpdateTime is { } updated && DateTime.SpecifyKind(updated, DateTimeKind.Utc).AddSeconds(deadline) < now.UtcDateTime)
        {
            var message = name is null ? "Deployment has timed out progressing." : $"ReplicaSet \"{name}\" has timed out progressing.";
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.ProgressDeadlineExceeded, message, now));
        }
    }

    /// <summary>Upstream's DeploymentProgressing: more updated, ready or available pods, or fewer old ones, than last written.</summary>
    private static bool IsProgressing(V1Deployment d, V1DeploymentStatus status)
    {
        var old = d.Status ?? new V1DeploymentStatus();
        var oldOld = (old.Replicas ?? 0) - (old.UpdatedReplicas ?? 0);
        var newOld = (status.Replicas ?? 0) - (status.UpdatedReplicas ?? 0);
        return status.UpdatedReplicas > (old.UpdatedReplicas ?? 0) || newOld < oldOld
            || status.ReadyReplicas > (old.ReadyReplicas ?? 0) || status.AvailableReplicas > (old.AvailableReplicas ?? 0);
    }
}
