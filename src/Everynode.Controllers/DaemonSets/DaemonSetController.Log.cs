using Microsoft.Extensions.Logging;

namespace Everynode.Controllers.DaemonSets;

/// <summary>The controller's log messages (event ids 300–319).</summary>
public sealed partial class DaemonSetController
{
    [LoggerMessage(EventId = 300, Level = LogLevel.Debug, Message = "DaemonSet {Key} has been deleted")]
    private static partial void LogDaemonSetGone(ILogger logger, string key);

    [LoggerMessage(EventId = 301, Level = LogLevel.Warning, Message = "DaemonSet {Key}: creating a daemon pod for node {Node} failed")]
    private static partial void LogCreateFailed(ILogger logger, Exception exception, string key, string node);

    [LoggerMessage(EventId = 302, Level = LogLevel.Debug, Message = "DaemonSet {Key}: slow start failed; skipping creation of {Skipped} pods and lowering expectations")]
    private static partial void LogSkippedCreates(ILogger logger, string key, int skipped);

    [LoggerMessage(EventId = 303, Level = LogLevel.Warning, Message = "DaemonSet {Key}: deleting daemon pod {Pod} failed")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string key, string pod);

    [LoggerMessage(EventId = 304, Level = LogLevel.Debug, Message = "DaemonSet {Name}: status update failed; retrying on a fresh read")]
    private static partial void LogStatusRetry(ILogger logger, Exception exception, string name);

    [LoggerMessage(EventId = 305, Level = LogLevel.Debug, Message = "node {Node} changed eligibility for DaemonSet {Key}")]
    private static partial void LogNodeEligibilityChanged(ILogger logger, string node, string key);

    [LoggerMessage(EventId = 306, Level = LogLevel.Debug, Message = "DaemonSet {Key}: rolling update deletes {Deletes} old pods and surges onto {Creates} nodes (maxUnavailable {MaxUnavailable}, maxSurge {MaxSurge})")]
    private static partial void LogRollingUpdate(ILogger logger, string key, int deletes, int creates, int maxUnavailable, int maxSurge);
}
