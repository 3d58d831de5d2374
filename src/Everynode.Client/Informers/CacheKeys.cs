using k8s;
using k8s.Models;

namespace Everynode.Client.Informers;

/// <summary>
/// Cache and work-queue keys as upstream writes them (MetaNamespaceKeyFunc): <c>namespace/name</c> for
/// namespaced objects, <c>name</c> for cluster-scoped ones.
/// </summary>
public static class CacheKeys
{
    public static string For(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var meta = obj.Metadata ?? throw new ArgumentException("the object has no metadata", nameof(obj));
        return For(meta.NamespaceProperty, meta.Name);
    }

    public static string For(string? ns, string name) => string.IsNullOrEmpty(ns) ? name : ns + "/" + name;

    /// <summary>Splits a key into namespace (null for cluster-scoped) and name.</summary>
    public static (string? Namespace, string Name) Split(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (null, key) : (key[..slash], key[(slash + 1)..]);
    }
}
