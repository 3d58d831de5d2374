using k8s;

namespace Everynode.Client.Informers;

/// <summary>Copies of cached objects, so that callers can change them without touching the cache.</summary>
public static class ObjectCopy
{
    /// <summary>A deep copy by a JSON round trip through the client's own serializer (same field names, same defaults).</summary>
    public static T DeepCopy<T>(T obj)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        return KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
    }
}
