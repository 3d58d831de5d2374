using Microsoft.Extensions.Logging;

namespace Everynode.Scheduler;

/// <summary>Log messages of the scheduler (event ids 200–219).</summary>
internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "scheduler {SchedulerName}: caches synced; scheduling with up to {ParallelBinds} bindings in flight")]
    public static partial void Started(ILogger logger, string schedulerName, int parallelBinds);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "scheduler stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "{Pod}: assumed on {Node} ({Evaluated} nodes evaluated, {Feasible} feasible)")]
    public static partial void Assumed(ILogger logger, string pod, string node, int evaluated, int feasible);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "{Pod}: bound to {Node}")]
    public static partial void Bound(ILogger logger, string pod, string node);

    [LoggerMessage(EventId = 204, Level = LogLevel.Debug, Message = "{Pod}: unschedulable: {Message}")]
    public static partial void Unschedulable(ILogger logger, string pod, string message);

    [LoggerMessage(EventId = 205, Level = LogLevel.Warning, Message = "{Pod}: binding to {Node} failed; retrying with backoff")]
    public static partial void BindFailed(ILogger logger, Exception exception, string pod, string node);

    [LoggerMessage(EventId = 206, Level = LogLevel.Warning, Message = "{Pod}: writing the PodScheduled condition failed")]
    public static partial void StatusUpdateFailed(ILogger logger, Exception exception, string pod);

    [LoggerMessage(EventId = 207, Level = LogLevel.Critical, Message = "a scheduler write failed unexpectedly; the scheduler stops")]
    public static partial void EffectCrashed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 208, Level = LogLevel.Critical, Message = "the scheduler crashed")]
    public static partial void Crashed(ILogger logger, Exception exception);
}
