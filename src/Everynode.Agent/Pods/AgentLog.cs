using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Pods;

/// <summary>The agent's pod log messages (stable event ids).</summary>
internal static partial class AgentLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Could not remove the folder of pod {Namespace}/{Name}: {Error}")]
    public static partial void LogPodCleanupFailed(this ILogger logger, string @namespace, string name, string error);
}
