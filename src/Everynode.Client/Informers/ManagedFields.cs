using k8s;
using k8s.Models;

namespace Everynode.Client.Informers;

/// <summary>Objects kept in memory by components that never read their managedFields (informer caches, an agent's Node and Lease).</summary>
public static class ManagedFields
{
    /// <summary>
    /// Drops <c>metadata.managedFields</c> from <paramref name="obj"/> in place and returns it: often most of a kept
    /// object. An update sent from such an object carries no managedFields, which the server reads as "unchanged".
    /// </summary>
    public static T Drop<T>(T obj)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj.Metadata is { } meta)
        {
            meta.ManagedFields = null;
        }

        return obj;
    }
}
