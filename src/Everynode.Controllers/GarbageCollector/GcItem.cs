using k8s;
using k8s.Models;

namespace Everynode.Controllers.GarbageCollector;

/// <summary>An object of any resource the garbage collector tracks, with its resource (a node of upstream's graph).</summary>
internal readonly record struct GcItem(GcResourceType Type, IKubernetesObject<V1ObjectMeta> Object)
{
    public V1ObjectMeta Metadata => Object.Metadata;

    public string Uid => Object.Metadata.Uid;

    public string Key => GcKey.AttemptToDelete(Type, Object.Metadata.NamespaceProperty, Object.Metadata.Name);
}
