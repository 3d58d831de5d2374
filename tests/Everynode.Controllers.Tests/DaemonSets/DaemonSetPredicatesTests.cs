using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

/// <summary>
/// Upstream's TestNodeShouldRunDaemonPod, as a table over (node, DaemonSet change) → (shouldRun, shouldContinueRunning).
/// Node affinity and toleration matching have their own tables (Everynode.Api.Tests/Scheduling); the rows here show
/// the predicate applies them to the template, with the daemon pod's automatic tolerations.
/// </summary>
public class DaemonSetPredicatesTests
{
    public sealed record Row(string Name, V1Node Node, Action<V1DaemonSet> Change, bool ShouldRun, bool ShouldContinueRunning)
    {
        public override string ToString() => Name;
    }

    private static readonly Dictionary<string, string> Blue = new() { ["color"] = "blue", ["cores"] = "8" };

    public static TheoryData<Row> Cases => new()
    {
        new("plain node", NewNode("n1"), _ => { }, true, true),
        new("template nodeName is this node", NewNode("n1"), ds => ds.Spec.Template.Spec.NodeName = "n1", true, true),
        new("template nodeName is another node", NewNode("n1"), ds => ds.Spec.Template.Spec.NodeName = "n2", false, false),
        new("nodeSelector matches", NewNode("n1", Blue), ds => ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" }, true, true),
        new("nodeSelector differs", NewNode("n1", Blue), ds => ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "green" }, false, false),
        new("affinity In matches", NewNode("n1", Blue), ds => SetRequiredAffinity(ds, Term(Requirement("color", "In", "red", "blue"))), true, true),
        new("affinity In misses", NewNode("n1", Blue), ds => SetRequiredAffinity(ds, Term(Requirement("color", "In", "red"))), false, false),
        new("matchFields metadata.name In", NewNode("n1"), ds => SetRequiredAffinity(ds, Fields(Requirement("metadata.name", "In", "n1"))), true, true),
        new("matchFields metadata.name In another", NewNode("n1"), ds => SetRequiredAffinity(ds, Fields(Requirement("metadata.name", "In", "n2"))), false, false),
        new("untolerated NoSchedule taint", NewNode("n1", null, Taint("dedicated", "NoSchedule", "db")), _ => { }, false, true),
        new("untolerated NoExecute taint", NewNode("n1", null, Taint("dedicated", "NoExecute", "db")), _ => { }, false, false),
        new("PreferNoSchedule taint is ignored", NewNode("n1", null, Taint("dedicated", "PreferNoSchedule", "db")), _ => { }, true, true),
        new("tolerated NoSchedule taint", NewNode("n1", null, Taint("dedicated", "NoSchedule", "db")), ds => Tolerate(ds, Toleration("dedicated", "Equal", "db", "NoSchedule")), true, true),
        new("tolerated NoExecute taint", NewNode("n1", null, Taint("dedicated", "NoExecute", "db")), ds => Tolerate(ds, Toleration("dedicated", "Exists", null, "NoExecute", 60)), true, true),
        new("NoExecute tolerated, NoSchedule not", NewNode("n1", null, Taint("a", "NoExecute"), Taint("b", "NoSchedule")), ds => Tolerate(ds, Toleration("a", "Exists", null, null)), false, true),
        new("NoSchedule tolerated, NoExecute not", NewNode("n1", null, Taint("a", "NoExecute"), Taint("b", "NoSchedule")), ds => Tolerate(ds, Toleration("b", "Exists", null, null)), false, false),
        new("toleration for another effect", NewNode("n1", null, Taint("a", "NoExecute")), ds => Tolerate(ds, Toleration("a", "Exists", null, "NoSchedule")), false, false),
        new("tolerate everything", NewNode("n1", null, Taint("a", "NoExecute"), Taint("b", "NoSchedule")), ds => Tolerate(ds, Toleration(null, "Exists", null, null)), true, true),
        new("cordoned node is still eligible", NewNode("n1", null, Taint("node.kubernetes.io/unschedulable", "NoSchedule")), _ => { }, true, true),
        new("memory, disk and pid pressure are tolerated", NewNode("n1", null, Taint("node.kubernetes.io/memory-pressure", "NoSchedule"), Taint("node.kubernetes.io/disk-pressure", "NoSchedule"), Taint("node.kubernetes.io/pid-pressure", "NoSchedule")), _ => { }, true, true),
        new("NotReady node keeps its pod but gets none", NewNode("n1", null, Taint("node.kubernetes.io/not-ready", "NoSchedule"), Taint("node.kubernetes.io/not-ready", "NoExecute")), _ => { }, false, true),
        new("unreachable NoExecute is tolerated", NewNode("n1", null, Taint("node.kubernetes.io/unreachable", "NoExecute")), _ => { }, true, true),
        new("network-unavailable blocks a pod network pod", NewNode("n1", null, Taint("node.kubernetes.io/network-unavailable", "NoSchedule")), _ => { }, false, true),
        new("network-unavailable is tolerated with hostNetwork", NewNode("n1", null, Taint("node.kubernetes.io/network-unavailable", "NoSchedule")), ds => ds.Spec.Template.Spec.HostNetwork = true, true, true),
        new("affinity mismatch wins over tolerated taints", NewNode("n1", null, Taint("a", "NoExecute")), ds => SetRequiredAffinity(ds, Fields(Requirement("metadata.name", "In", "n2"))), false, false),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void NodeShouldRunDaemonPod_DecidesPerNode(Row c)
    {
        foreach (var strategy in new[] { "RollingUpdate", "OnDelete" })
        {
            var ds = NewDaemonSet(strategy: strategy);
            c.Change(ds);
            var before = Everynode.Api.Models.SemanticEquality.Canonical(ds);
            var result = DaemonSetPredicates.NodeShouldRunDaemonPod(c.Node, ds);
            Assert.Equal(new NodeEligibility(c.ShouldRun, c.ShouldContinueRunning), result);
            Assert.Equal(before, Everynode.Api.Models.SemanticEquality.Canonical(ds));
        }
    }

    private static V1NodeSelectorTerm Term(params V1NodeSelectorRequirement[] expressions) => new() { MatchExpressions = [.. expressions] };

    private static V1NodeSelectorTerm Fields(params V1NodeSelectorRequirement[] fields) => new() { MatchFields = [.. fields] };

    private static void Tolerate(V1DaemonSet ds, V1Toleration toleration) =>
        ds.Spec.Template.Spec.Tolerations = [toleration];
}
