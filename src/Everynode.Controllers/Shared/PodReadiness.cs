using k8s.Models;

namespace Everynode.Controllers.Shared;

/// <summary>Upstream's podutil readiness and availability checks.</summary>
public static class PodReadiness
{
    public static bool IsPodReady(V1Pod pod) => GetPodReadyCondition(pod)?.Status == "True";

    /// <summary>
    /// Ready, and either <paramref name="minReadySeconds"/> is 0 or the Ready condition turned true strictly more
    /// than minReadySeconds before <paramref name="now"/> (a missing transition time is never long enough).
    /// </summary>
    public static bool IsPodAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        var condition = GetPodReadyCondition(pod);
        if (condition?.Status != "True")
        {
            return false;
        }

        if (minReadySeconds == 0)
        {
            return true;
        }

        if (condition.LastTransitionTime is not { } since)
        {
            return false;
        }

        return AsUtc(since).AddSeconds(minReadySeconds) < now;
    }

    /// <summary>Succeeded or Failed: the pod will never run again.</summary>
    public static bool IsPodTerminal(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status?.Phase is "Succeeded" or "Failed";
    }

    public static bool IsBeingDeleted(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Metadata?.DeletionTimestamp is not null;
    }

    private static V1PodCondition? GetPodReadyCondition(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
    }

    private static DateTimeOffset AsUtc(DateTime time) =>
        new(DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc));
}
