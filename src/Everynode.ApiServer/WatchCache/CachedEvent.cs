namespace Everynode.ApiServer.WatchCache;

/// <summary>
/// One change of one resource, in revision order. <see cref="Previous"/> is the version before the change (null for
/// a create); for a delete, <see cref="Current"/> is the last version with the delete's revision as resourceVersion.
/// </summary>
internal sealed record CachedEvent(CachedEventType Type, CachedObject Current, CachedObject? Previous)
{
    public long Revision => Current.ModRevision;
}

internal enum CachedEventType
{
    Added,
    Modified,
    Deleted,
}
