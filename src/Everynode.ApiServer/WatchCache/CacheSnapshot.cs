using System.Collections.Immutable;

namespace Everynode.ApiServer.WatchCache;

/// <summary>A consistent view of one cache: its objects in key order, the revision they are current as of, and the position of the next event.</summary>
internal sealed record CacheSnapshot(ImmutableSortedDictionary<string, CachedObject> Objects, long Revision, WatchCursor Next);
