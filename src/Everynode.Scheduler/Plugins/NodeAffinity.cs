using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Plugins;

/// <summary>
/// upstream NodeAffinity: spec.nodeSelector and required node affinity must match the node's labels (and its
/// name, for matchFields). The pre-filter narrows the candidates when every term pins metadata.name, which is
/// what the DaemonSet controller writes into each daemon pod: the pod is then filtered against its one node
/// instead of every node in the cluster.
/// </summary>
internal sealed class NodeAffinity : IFilterPlugin, IPreFilterPlugin
{
    public const string ErrReasonConflict = "pod affinity terms conflict";

    public string Name => nameof(NodeAffinity);

    /// <summary>
    /// The union over terms of the names each term pins (the intersection of its metadata.name In requirements).
    /// A term that pins no name makes every node a candidate, since terms are ORed. If every term pins names but
    /// together they name none, no node can match.
    /// </summary>
    public PreFilterResult PreFilter(CycleState state)
    {
        var terms = state.Pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        if (terms is null || terms.Count == 0)
        {
            return PreFilterResult.AllNodes;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in terms)
        {
            HashSet<string>? termNames = null;
            foreach (var field in term.MatchFields ?? [])
            {
                if (field.Key == NodeSelector.ObjectNameField && field.OperatorProperty == "In")
                {
                    var values = field.Values ?? [];
                    if (termNames is null)
                    {
                        termNames = new HashSet<string>(values, StringComparer.Ordinal);
                    }
                    else
                    {
                        termNames.IntersectWith(values);
                    }
                }
            }

            if (termNames is null)
            {
                return PreFilterResult.AllNodes;
            }

            names.UnionWith(termNames);
        }

        return names.Count == 0
            ? new PreFilterResult(Status.Unresolvable(Name, ErrReasonConflict))
            : new PreFilterResult(Status.Success, names);
    }

    public Status Filter(CycleState state, NodeInfo nodeInfo) =>
        state.RequiredNodeAffinity.Match(nodeInfo.Node) ? Status.Success : Status.Unresolvable(Name, RequiredNodeAffinity.ErrReasonPod);
}
