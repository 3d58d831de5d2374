using Everynode.Api.Scheduling;
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
    public static NodeEligibility NodeShouldRunDaemonPod(V1Node node, V1DaemonSet ds) => For(ds).Evaluate(node);

    /// <summary>
    /// <see cref="NodeShouldRunDaemonPod"/> for one DaemonSet, with what does not depend on the node (the daemon
    /// pod's tolerations) computed once: a loop over every node builds it once, not once per node.
    /// </summary>
    public static DaemonNodePredicate For(V1DaemonSet ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        return new DaemonNodePredicate(ds.Spec?.Template?.Spec ?? new V1PodSpec());
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

/// <summary>One DaemonSet's node predicate (<see cref="DaemonSetPredicates.For"/>); valid while its template is unchanged.</summary>
public sealed class DaemonNodePredicate
{
    private readonly string? _nodeName;
    private readonly RequiredNodeAffinity _affinity;
    private readonly IList<V1Toleration> _tolerations;

    internal DaemonNodePredicate(V1PodSpec template)
    {
        _nodeName = template.NodeName;
        _affinity = RequiredNodeAffinity.Of(template);
        _tolerations = DaemonSetPredicates.VirtualPodTolerations(template);
    }

    /// <summary>Whether the DaemonSet wants a pod on <paramref name="node"/> (see <see cref="DaemonSetPredicates.NodeShouldRunDaemonPod"/>).</summary>
    public NodeEligibility Evaluate(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var nodeName = node.Metadata?.Name ?? string.Empty;
        if (!string.IsNullOrEmpty(_nodeName) && _nodeName != nodeName)
        {
            return new(false, false);
        }

        if (!_affinity.Match(node))
        {
            return new(false, false);
        }

        var taints = node.Spec?.Taints;
        var blocking = Tolerations.FindMatchingUntoleratedTaint(taints, _tolerations, Tolerations.DoNotScheduleTaintsFilter);
        if (blocking is null)
        {
            return new(true, true);
        }

        var evicting = Tolerations.FindMatchingUntoleratedTaint(taints, _tolerations, t => t.Effect == TaintEffects.NoExecute);
        return new(false, evicting is null);
    }
}
