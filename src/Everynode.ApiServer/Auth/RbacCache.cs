using Everynode.Api.Authorization;
using Everynode.Api.Resources;
using Everynode.ApiServer.Serialization;
using Everynode.ApiServer.WatchCache;
using k8s.Models;

namespace Everynode.ApiServer.Auth;

/// <summary>
/// The cluster's RBAC objects, kept from the watch caches of the four kinds (upstream's RBAC authorizer reads from
/// informers the same way), and the <see cref="RbacPolicy"/> built from them. A batch of changes to RBAC objects
/// builds a new policy; requests read whichever policy is current.
/// </summary>
internal sealed class RbacCache
{
    private const string Group = "rbac.authorization.k8s.io";

    private static readonly (string Plural, Type Type)[] Kinds =
    [
        ("clusterroles", typeof(V1ClusterRole)),
        ("roles", typeof(V1Role)),
        ("rolebindings", typeof(V1RoleBinding)),
        ("clusterrolebindings", typeof(V1ClusterRoleBinding)),
    ];

    // Changed only by the watch caches' feed, one call at a time.
    private readonly Dictionary<string, object> _objects = new(StringComparer.Ordinal);
    private bool _changed;
    private volatile RbacPolicy _policy = RbacPolicy.Empty;

    /// <summary>Follows the four RBAC kinds in <paramref name="cache"/> (before the cache starts).</summary>
    public RbacCache(WatchCacheSet cache, ResourceRegistry resources)
    {
        foreach (var (plural, type) in Kinds)
        {
            var resource = resources.Find(Group, "v1", plural) ?? throw new InvalidOperationException($"{plural}.{Group} is not served");
            cache.Observe(resource, new KindObserver(this, resource.StoragePrefix, type));
        }
    }

    public RbacPolicy Policy => _policy;

    private void Put(CachedObject o, Type type)
    {
        try
        {
            _objects[o.Key] = ObjectCodec.DeserializeStored(o.Json, type, o.ModRevision);
        }
        catch (System.Text.Json.JsonException)
        {
            _objects.Remove(o.Key);
        }

        _changed = true;
    }

    private void Remove(string key) => _changed |= _objects.Remove(key);

    private void RemovePrefix(string prefix)
    {
        foreach (var key in _objects.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            Remove(key);
        }
    }

    private void RebuildIfChanged()
    {
        if (!_changed)
        {
            return;
        }

        _changed = false;
        var all = _objects.Values.ToList();
        _policy = new RbacPolicy(all.OfType<V1ClusterRole>(), all.OfType<V1Role>(), all.OfType<V1RoleBinding>(), all.OfType<V1ClusterRoleBinding>());
    }

    private sealed class KindObserver(RbacCache owner, string prefix, Type type) : IWatchCacheObserver
    {
        public void Reset(IEnumerable<CachedObject> objects)
        {
            owner.RemovePrefix(prefix);
            foreach (var o in objects)
            {
                owner.Put(o, type);
            }

            owner._changed = true;
        }

        public void Apply(CachedEvent change)
        {
            if (change.Type == CachedEventType.Deleted)
            {
                owner.Remove(change.Current.Key);
            }
            else
            {
                owner.Put(change.Current, type);
            }
        }

        public void Applied() => owner.RebuildIfChanged();
    }
}
