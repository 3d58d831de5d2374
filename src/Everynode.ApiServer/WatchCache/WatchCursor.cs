namespace Everynode.ApiServer.WatchCache;

/// <summary>A watcher's position in a <see cref="ResourceWatchCache"/>: the cache generation and the next event number.</summary>
internal readonly record struct WatchCursor(int Generation, long Next);
