using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// A pod's hard node constraints (upstream's nodeaffinity.GetRequiredNodeAffinity): <c>spec.nodeSelector</c>, every
/// label of which the node must carry with the same value, AND the required node affinity's node selector. Parsed
/// once; the DaemonSet controller, the scheduler's NodeAffinity filter and the agent's admission all match with it.
/// </summary>
public sealed class RequiredNodeAffinity
{
    /// <summary>The scheduler's NodeAffinity failure reason, which the agent's admission repeats.</summary>
    public const string ErrReasonPod = "node(s) didn't match Pod's node affinity/selector";

    private readonly IDictionary<string, string>? _nodeSelector;
    private readonly NodeSelector? _required;

    private RequiredNodeAffinity(IDictionary<string, string>? nodeSelector, NodeSelector? required)
    {
        _nodeSelector = nodeSelector;
        _required = required;
    }

    public static RequiredNodeAffinity Of(V1Pod pod)
    {
        ArgumentNullException.ThrowIfNull(pod);
        return Of(pod.Spec);
    }

    /// <summary>
    /// The constraints of a pod spec (a DaemonSet's template, say). The spec's nodeSelector is read, not copied, so
    /// the result is valid while the spec is unchanged.
    /// </summary>
    public static RequiredNodeAffinity Of(V1PodSpec? spec)
    {
        var required = spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution;
        return new RequiredNodeAffinity(
            spec?.NodeSelector is { Count: > 0 } nodeSelector ? nodeSelector : null,
            required is null ? null : NodeSelector.Parse(required));
    }

    public bool Match(V1Node node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (_nodeSelector is not null)
        {
            var labels = node.Metadata?.Labels;
            foreach (var (key, value) in _nodeSelector)
            {
                if (labels is null || !labels.TryGetValue(key, out var actual) || actual != value)
                {
                    return false;
                }
            }
        }

        return _required is null || _required.Match(node);
    }
}
