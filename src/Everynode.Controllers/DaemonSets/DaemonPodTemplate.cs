using System.Globalization;
using Everynode.Api.Models;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>Builds the pods a DaemonSet creates (upstream's CreatePodTemplate + GetPodFromTemplate).</summary>
public static class DaemonPodTemplate
{
    public const string ApiVersion = "apps/v1";
    public const string Kind = "DaemonSet";

    /// <summary>
    /// The daemon pod for <paramref name="nodeName"/>: the template's labels plus <c>pod-template-generation</c>
    /// (when known) and <c>controller-revision-hash</c> (when non-empty); annotations and finalizers copied;
    /// <c>generateName: &lt;ds&gt;-</c>; the DaemonSet as controller owner; the automatic tolerations; and the required
    /// node affinity replaced by a pin to the node. <c>spec.nodeName</c> stays as in the template (normally empty:
    /// the scheduler binds). The DaemonSet is never mutated.
    /// </summary>
    public static V1Pod NewDaemonPod(V1DaemonSet ds, string nodeName, string hash, long? templateGeneration)
    {
        ArgumentNullException.ThrowIfNull(ds);
        ArgumentNullException.ThrowIfNull(nodeName);
        var template = ModelCopy.Clone(ds.Spec?.Template) ?? new V1PodTemplateSpec();
        var labels = template.Metadata?.Labels ?? new Dictionary<string, string>();
        if (templateGeneration is { } generation)
        {
            labels[DaemonSetLabels.PodTemplateGeneration] = generation.ToString(CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrEmpty(hash))
        {
            labels[DaemonSetLabels.ControllerRevisionHash] = hash;
        }

        var spec = template.Spec ?? new V1PodSpec();
        DaemonPodTolerations.AddOrUpdateDaemonPodTolerations(spec);
        spec.Affinity = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(spec.Affinity, nodeName);
        return new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = GenerateNamePrefix(ds.Metadata?.Name ?? string.Empty),
                NamespaceProperty = ds.Metadata?.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata?.Annotations,
                Finalizers = template.Metadata?.Finalizers,
                OwnerReferences = [NewControllerRef(ds)],
            },
            Spec = spec,
        };
    }

    /// <summary>metav1.NewControllerRef: apps/v1 DaemonSet, controller and blockOwnerDeletion both true.</summary>
    public static V1OwnerReference NewControllerRef(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return new V1OwnerReference
        {
            ApiVersion = ApiVersion,
            Kind = Kind,
            Name = ds.Metadata?.Name ?? string.Empty,
            Uid = ds.Metadata?.Uid ?? string.Empty,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>The DaemonSet's <c>deprecated.daemonset.template.generation</c>: null when absent or not an integer.</summary>
    public static long? GetTemplateGeneration(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        var annotations = ds.Metadata?.Annotations;
        if (annotations is null || !annotations.TryGetValue(Api.DaemonSets.TemplateGeneration.AnnotationKey, out var text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>Upstream's getPodsPrefix: <c>name-</c>, or the bare name when the dash would make it too long.</summary>
    private static string GenerateNamePrefix(string name) => name.Length + 1 > 253 ? name : name + "-";
}
