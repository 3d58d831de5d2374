using Everynode.Api.Resources;
using k8s.Models;

namespace Everynode.Controllers.NodeLifecycle;

/// <summary>Upstream's MarkPodsNotReady as a pure function: which pods on a lost node still claim to be Ready.</summary>
public static class PodsNotReadyPlanner
{
    /// <summary>The pods bound to <paramref name="nodeName"/> whose Ready condition is True.</summary>
    public static IReadOnlyList<V1Pod> PodsToMark(IEnumerable<V1Pod> pods, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(pods);
        return [.. pods.Where(p => p.Spec?.NodeName == nodeName
            && p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == NodeConditions.True) == true)];
    }

    /// <summary>The pod's status with Ready turned False at <paramref name="now"/>; other conditions untouched.</summary>
    public static V1PodStatus NotReadyStatus(V1PodStatus status, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(status);
        foreach (var condition in status.Conditions ?? [])
        {
            if (condition.Type == "Ready" && condition.Status != NodeConditions.False)
            {
                condition.Status = NodeConditions.False;
                condition.LastTransitionTime = MetaTime.From(now);
            }
        }

        return status;
    }
}
