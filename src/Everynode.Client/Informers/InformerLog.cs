using Microsoft.Extensions.Logging;

namespace Everynode.Client.Informers;

/// <summary>Log messages of the informers (event ids 100–119).</summary>
internal static partial class InformerLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "{Resource}: listed {Count} objects at resourceVersion {ResourceVersion}")]
    public static partial void Listed(ILogger logger, string resource, int count, string resourceVersion);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "{Resource}: list failed; retrying in {Delay}")]
    public static partial void ListFailed(ILogger logger, Exception exception, string resource, TimeSpan delay);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "{Resource}: watch failed; re-listing in {Delay}")]
    public static partial void WatchFailed(ILogger logger, Exception exception, string resource, TimeSpan delay);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "{Resource}: resourceVersion {ResourceVersion} is too old (410 Gone); re-listing")]
    public static partial void WatchExpired(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 104, Level = LogLevel.Debug, Message = "{Resource}: watch ended at resourceVersion {ResourceVersion}; watching again")]
    public static partial void WatchEnded(ILogger logger, string resource, string resourceVersion);

    [LoggerMessage(EventId = 105, Level = LogLevel.Critical, Message = "{Resource}: an event handler threw; the informer stops")]
    public static partial void HandlerFailed(ILogger logger, Exception? exception, string resource);
}
