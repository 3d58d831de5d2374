namespace Everynode.Scheduler;

/// <summary>The event reasons and texts the scheduler writes, as upstream's default-scheduler writes them.</summary>
internal static class SchedulerMessages
{
    public const string Component = "default-scheduler";

    public const string ScheduledReason = "Scheduled";

    public const string FailedSchedulingReason = "FailedScheduling";

    public const string NoNodesAvailable = "no nodes available to schedule pods";

    /// <summary>The Normal Scheduled event's message.</summary>
    public static string Scheduled(string podNamespace, string podName, string nodeName) =>
        $"Successfully assigned {podNamespace}/{podName} to {nodeName}";

    /// <summary>The FailedScheduling message of a rejected binding (v1.32: the bind plugin's error, wrapped).</summary>
    public static string BindingFailed(string apiError) => $"running Bind plugin \"DefaultBinder\": {apiError}";

    /// <summary>The status given to nodes a pre-filter ruled out, naming the plugins that narrowed the candidates.</summary>
    public static string PreFilterExcluded(IEnumerable<string> plugins) =>
        $"node(s) didn't satisfy plugin(s) [{string.Join(" ", plugins.Order(StringComparer.Ordinal))}]";
}
