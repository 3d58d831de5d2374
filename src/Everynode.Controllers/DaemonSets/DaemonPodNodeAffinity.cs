using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Controllers.DaemonSets;

/// <summary>How a daemon pod is pinned to its node before the scheduler binds it, and how to read the pin back.</summary>
public static class DaemonPodNodeAffinity
{
    /// <summary>
    /// Upstream's ReplaceDaemonSetPodNodeNameNodeAffinity: the required node selector terms become the single term
    /// <c>matchFields: [{key: metadata.name, operator: In, values: [node]}]</c>; preferred terms and pod
    /// (anti)affinity are kept. Mutates and returns <paramref name="affinity"/> (pass a copy), or a new one if null.
    /// </summary>
    public static V1Affinity ReplaceDaemonSetPodNodeNameNodeAffinity(V1Affinity? affinity, string nodeName)
    {
        ArgumentNullException.ThrowIfNull(nodeName);
        var term = new V1NodeSelectorTerm
        {
            MatchFields =
            [
                new V1NodeSelectorRequirement { Key = NodeSelector.ObjectNameField, OperatorProperty = "In", Values = [nodeName] },
            ],
        };
        affinity ??= new V1Affinity();
        affinity.NodeAffinity ??= new V1NodeAffinity();
        affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new V1NodeSelector();
        affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms = [term];
        return affinity;
    }

    /// <summary>
    /// Upstream's GetTargetNodeName: <c>spec.nodeName</c>, or for a pod not yet bound the value of the first
    /// required <c>metadata.name In [x]</c> matchFields requirement. Null when there is neither (or the pin names
    /// several nodes); such pods belong to no node.
    /// </summary>
    public static string? GetTargetNodeName(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return pod.Spec.NodeName;
        }

        var terms = pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        foreach (var term in terms ?? [])
        {
            foreach (var field in term.MatchFields ?? [])
            {
                if (field.Key == NodeSelector.ObjectNameField && field.OperatorProperty == "In")
                {
                    return field.Values is { Count: 1 } values ? values[0] : null;
                }
            }
        }

        return null;
    }
}
