namespace Everynode.ApiServer.Registry;

/// <summary>One watch event as sent: its type (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) and the object's JSON.</summary>
internal readonly record struct WatchOutput(string Type, byte[] Object);
