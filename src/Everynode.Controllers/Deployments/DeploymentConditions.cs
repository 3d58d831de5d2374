using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>Deployment condition types, upstream's reasons, and SetDeploymentCondition's rules.</summary>
public static class DeploymentConditions
{
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string ReplicaFailure = "ReplicaFailure";

    public const string MinimumReplicasAvailable = "MinimumReplicasAvailable";
    public const string MinimumReplicasUnavailable = "MinimumReplicasUnavailable";
    public const string NewReplicaSetCreated = "NewReplicaSetCreated";
    public const string FoundNewReplicaSet = "FoundNewReplicaSet";
    public const string ReplicaSetUpdated = "ReplicaSetUpdated";
    public const string NewReplicaSetAvailable = "NewReplicaSetAvailable";
    public const string ProgressDeadlineExceeded = "ProgressDeadlineExceeded";
    public const string FailedReplicaSetCreate = "ReplicaSetCreateError";

    public static V1DeploymentCondition? Get(V1DeploymentStatus? status, string type) =>
        status?.Conditions?.FirstOrDefault(c => c.Type == type);

    public static V1DeploymentCondition New(string type, string status, string reason, string message, DateTimeOffset now) => new()
    {
        Type = type, Status = status, Reason = reason, Message = message,
        LastUpdateTime = now.UtcDateTime, LastTransitionTime = now.UtcDateTime,
    };

    /// <summary>
    /// Upstream's SetDeploymentCondition: the same status and reason leaves the condition alone; the same status with
    /// another reason keeps its lastTransitionTime; the condition replaces any of its type.
    /// </summary>
    public static void Set(V1DeploymentStatus status, V1DeploymentCondition condition)
    {
        ArgumentNullException.ThrowIfNull(status);
        ArgumentNullException.ThrowIfNull(condition);
        var current = Get(status, condition.Type);
        if (current is not null && current.Status == condition.Status && current.Reason == condition.Reason)
        {
            return;
        }

        if (current is not null && current.Status == condition.Status)
        {
            condition.LastTransitionTime = current.LastTransitionTime;
        }

        Remove(status, condition.Type);
        status.Conditions ??= [];
        status.Conditions.Add(condition);
    }

    public static void Remove(V1DeploymentStatus status, string type)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (status.Conditions is null)
        {
            return;
        }

        foreach (var c in status.Conditions.Where(c => c.Type == type).ToList())
        {
            status.Conditions.Remove(c);
        }
    }
}
