using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Runtime.Process;

/// <summary>The process runtime's log messages (event ids 5100–5199).</summary>
internal static partial class LogMessages
{
    [LoggerMessage(5100, LogLevel.Warning, "bubblewrap (bwrap) is not available ({Reason}): containers run UNSANDBOXED as ordinary processes on the host filesystem, sharing the host's PID namespace; images' root filesystems and volume mounts are not applied (install the bubblewrap package to sandbox them)")]
    public static partial void Unsandboxed(ILogger logger, string reason);

    [LoggerMessage(5101, LogLevel.Information, "process runtime: containers run in bubblewrap sandboxes ({Bubblewrap}); writable root filesystems by {RootMode}")]
    public static partial void Sandboxed(ILogger logger, string bubblewrap, string rootMode);

    [LoggerMessage(5102, LogLevel.Debug, "started container {Namespace}/{Pod}/{Container} as {ContainerId}")]
    public static partial void ContainerStarted(ILogger logger, string @namespace, string pod, string container, string containerId);

    [LoggerMessage(5103, LogLevel.Warning, "could not remove the leftover container folder {Folder}: {Reason}")]
    public static partial void LeftoverNotRemoved(ILogger logger, string folder, string reason);
}
