using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;

namespace Everynode.Scheduler.Binding;

/// <summary>
/// The PodScheduled=False condition a failed attempt leaves on the pod (upstream updatePod with
/// podutil.UpdatePodCondition): written only when status, reason or message differ from what the pod already
/// shows; lastTransitionTime moves only when the status changes.
/// </summary>
internal static class PodScheduledCondition
{
    public const string Type = "PodScheduled";

    /// <summary>The fit error case: the pod fits on no node.</summary>
    public const string ReasonUnschedulable = "Unschedulable";

    /// <summary>Any other failure: no nodes at all, a rejected binding.</summary>
    public const string ReasonSchedulerError = "SchedulerError";

    /// <summary>The condition to write, or null when the pod already carries it.</summary>
    public static V1PodCondition? NotScheduled(V1Pod pod, string reason, string message, DateTimeOffset now)
    {
        var current = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == Type);
        if (current is { Status: "False" } && current.Reason == reason && current.Message == message)
        {
            return null;
        }

        return new V1PodCondition
        {
            Type = Type,
            Status = "False",
            Reason = reason,
            Message = message,
            LastTransitionTime = current is { Status: "False", LastTransitionTime: { } since } ? since : now.UtcDateTime,
        };
    }

    /// <summary>The strategic merge patch body that sets one condition in <c>status.conditions</c>.</summary>
    public static string StatusPatch(V1PodCondition condition)
    {
        var entry = new JsonObject
        {
            ["type"] = condition.Type,
            ["status"] = condition.Status,
            ["reason"] = condition.Reason,
            ["message"] = condition.Message,
            ["lastProbeTime"] = null,
            ["lastTransitionTime"] = condition.LastTransitionTime?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        };
        return new JsonObject { ["status"] = new JsonObject { ["conditions"] = new JsonArray(entry) } }.ToJsonString();
    }
}
