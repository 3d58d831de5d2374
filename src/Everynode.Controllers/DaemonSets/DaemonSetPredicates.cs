using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>The placement rules the DaemonSet controller applies itself, before the scheduler sees a pod.</summary>
public static class DaemonSetPredicates
{
    /// <summary>
    /// Upstream's NodeShouldRunDaemonPod. Only spec.nodeName, nodeSelector, required node affinity and
    /// NoSchedule/NoExecute taints count (checked against the template's tolerations plus the automatic daemon
    /// tolerations); resources, ports, preferred and inter-pod affinity are the scheduler's business.
    /// A node with an untolerated taint gets no new pod, but an existing pod may keep running there as long as
    /// every NoExecute taint is tolerated (a NotReady node: false, true).
    /// </summary>
    public static NodeEligibility NodeShouldRunDaemonPod(V1Node node, V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(ds);
        var nodeName = node.Metadata?.Name ?? string.Empty;
        var template = ds.Spec?.Template?.Spec ?? new V1PodSpec();
        if (!string.IsNullOrEmpty(template.NodeName) && template.NodeName != nodeName)
        {
            return new(false, false);
        }

        if (!RequiredNodeAffinity.Matches(template, node))
        {
            return new(false, false);
        }

        var tolerations = VirtualPodTolerations(template);
        var taints = node.Spec?.Taints;
        var blocking = TaintToleration.FindMatchingUntoleratedTaint(
            taints, tolerations, t => t.Effect is TaintToleration.NoSchedule or TaintToleration.NoExecute);
        if (blocking is null)
        {
            return new(true, true);
        }

        var evicting = TaintToleration.FindMatchingUntoleratedTaint(
            taints, tolerations, t => t.Effect == TaintToleration.NoExecute);
        return new(false, evicting is null);
    }

    /// <summary>
    /// The tolerations the daemon pod for this template would carry. Computed on a throwaway spec holding only
    /// what the automatic tolerations depend on, so the (cached) template is neither copied wholesale nor mutated.
    /// </summary>
    public static IList<V1Toleration> VirtualPodTolerations(V1PodSpec template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var spec = new V1PodSpec
        {
            HostNetwork = template.HostNetwork,
            Tolerations = template.Tolerations is null ? null : [.. template.Tolerations],
        };
        DaemonPodTolerations.AddOrUpdateDaemonPodTolerations(spec);
        return spec.Tolerations ?? [];
    }
}
