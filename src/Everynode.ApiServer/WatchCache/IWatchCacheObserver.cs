namespace Everynode.ApiServer.WatchCache;

/// <summary>
/// A server component that keeps state derived from one resource's watch cache (the RBAC policy, the namespaces'
/// lifecycle), kept current by the cache's feed instead of a store watch of its own.
/// </summary>
/// <remarks>
/// Every call comes from the feed, under the <see cref="WatchCacheSet"/>'s gate, in revision order: keep them short
/// and never block in them. After <see cref="Applied"/>, the observer's state reflects the set's
/// <see cref="WatchCacheSet.Revision"/>.
/// </remarks>
internal interface IWatchCacheObserver
{
    /// <summary>The resource's whole content after a (re)list of the store; replaces everything seen before.</summary>
    void Reset(IEnumerable<CachedObject> objects);

    /// <summary>One change of the resource.</summary>
    void Apply(CachedEvent change);

    /// <summary>A batch of changes (or a reset) of the observed resources is applied: derived state may be rebuilt.</summary>
    void Applied();
}
