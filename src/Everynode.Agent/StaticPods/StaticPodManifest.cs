using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Everynode.Api.Models;
using k8s;
using k8s.Models;

namespace Everynode.Agent.StaticPods;

/// <summary>
/// A static pod as the kubelet makes one from a manifest file: named NAME-NODE, in its namespace (default
/// "default"), bound to the node, with a UID that is a hash of the manifest and the node (so an unchanged file is
/// the same pod across restarts and a changed file is a new pod), and upstream's config annotations.
/// </summary>
internal static class StaticPodManifest
{
    public const string HashAnnotation = "kubernetes.io/config.hash";
    public const string SourceAnnotation = "kubernetes.io/config.source";
    public const string SeenAnnotation = "kubernetes.io/config.seen";

    /// <summary>Reads one manifest (YAML or JSON, one Pod); throws <see cref="FormatException"/> with the reason.</summary>
    public static V1Pod Parse(string text, string nodeName, DateTimeOffset seen)
    {
        V1Pod pod;
        try
        {
            pod = KubernetesYaml.Deserialize<V1Pod>(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"not a valid Pod manifest: {e.Message}", e);
        }

        if (pod is null || (pod.Kind is { } kind && kind != "Pod"))
        {
            throw new FormatException($"a manifest must hold one Pod, not {pod?.Kind ?? "nothing"}");
        }

        if (string.IsNullOrEmpty(pod.Metadata?.Name))
        {
            throw new FormatException("the Pod has no metadata.name");
        }

        if (pod.Spec?.Containers is not { Count: > 0 })
        {
            throw new FormatException("the Pod has no containers");
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(nodeName + "\n" + text)))[..32];
        pod.ApiVersion = "v1";
        pod.Kind = "Pod";
        pod.Metadata.Name = $"{pod.Metadata.Name}-{nodeName}";
        pod.Metadata.NamespaceProperty = string.IsNullOrEmpty(pod.Metadata.NamespaceProperty) ? "default" : pod.Metadata.NamespaceProperty;
        pod.Metadata.Uid = hash;
        pod.Metadata.CreationTimestamp = seen.UtcDateTime;
        pod.Metadata.Annotations ??= new Dictionary<string, string>();
        pod.Metadata.Annotations[HashAnnotation] = hash;
        pod.Metadata.Annotations[SourceAnnotation] = "file";
        pod.Metadata.Annotations[SeenAnnotation] = seen.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        pod.Spec.NodeName = nodeName;
        pod.Spec.RestartPolicy ??= "Always";
        pod.Status = null;
        return pod;
    }

    /// <summary>The mirror pod the API shows for a static pod: same spec, the config.mirror annotation, owned by the Node.</summary>
    public static V1Pod Mirror(V1Pod staticPod, V1Node node)
    {
        var mirror = ModelCopy.Clone(staticPod);
        mirror.Metadata.Uid = null;
        mirror.Metadata.CreationTimestamp = null;
        mirror.Metadata.ResourceVersion = null;
        mirror.Metadata.Annotations[Pods.PodWorkers.MirrorAnnotation] = staticPod.Metadata.Uid;
        mirror.Metadata.OwnerReferences =
        [
            new V1OwnerReference { ApiVersion = "v1", Kind = "Node", Name = node.Metadata.Name, Uid = node.Metadata.Uid, Controller = true },
        ];
        return mirror;
    }
}
