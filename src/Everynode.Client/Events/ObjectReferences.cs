using System.Reflection;
using k8s;
using k8s.Models;

namespace Everynode.Client.Events;

/// <summary>Object references as an Event's <c>involvedObject</c> carries them.</summary>
public static class ObjectReferences
{
    /// <summary>
    /// kind, apiVersion, namespace, name, uid and resourceVersion of <paramref name="obj"/>. Objects from lists and
    /// watches carry no kind or apiVersion; those then come from the model type's <see cref="KubernetesEntityAttribute"/>.
    /// </summary>
    public static V1ObjectReference For(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var entity = obj.GetType().GetCustomAttribute<KubernetesEntityAttribute>();
        var apiVersion = !string.IsNullOrEmpty(obj.ApiVersion) ? obj.ApiVersion
            : entity is null ? null
            : string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : entity.Group + "/" + entity.ApiVersion;
        return new V1ObjectReference
        {
            Kind = !string.IsNullOrEmpty(obj.Kind) ? obj.Kind : entity?.Kind,
            ApiVersion = apiVersion,
            NamespaceProperty = obj.Metadata?.NamespaceProperty,
            Name = obj.Metadata?.Name,
            Uid = obj.Metadata?.Uid,
            ResourceVersion = obj.Metadata?.ResourceVersion,
        };
    }
}
