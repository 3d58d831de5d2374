using k8s;
using k8s.Models;

namespace Everynode.Client.Informers;

/// <summary>
/// Index names and index functions. Every informer has <see cref="Namespace"/> and <see cref="ControllerUid"/>;
/// pod informers made by <see cref="InformerFactory"/> also have <see cref="NodeName"/>.
/// </summary>
public static class Indexers
{
    /// <summary>Objects by <c>metadata.namespace</c> (cluster-scoped objects are not indexed).</summary>
    public const string Namespace = "namespace";

    /// <summary>Objects by the UID of their controller owner reference (<c>controller: true</c>).</summary>
    public const string ControllerUid = "controllerUid";

    /// <summary>Pods by <c>spec.nodeName</c> (unscheduled pods are not indexed).</summary>
    public const string NodeName = "spec.nodeName";

    public static IEnumerable<string> ByNamespace(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var ns = obj.Metadata?.NamespaceProperty;
        return string.IsNullOrEmpty(ns) ? [] : [ns];
    }

    public static IEnumerable<string> ByControllerUid(IKubernetesObject<V1ObjectMeta> obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var owners = obj.Metadata?.OwnerReferences;
        if (owners is null)
        {
            return [];
        }

        foreach (var owner in owners)
        {
            if (owner.Controller == true && !string.IsNullOrEmpty(owner.Uid))
            {
                return [owner.Uid];
            }
        }

        return [];
    }

    public static IEnumerable<string> PodNodeName(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        var node = pod.Spec?.NodeName;
        return string.IsNullOrEmpty(node) ? [] : [node];
    }
}
