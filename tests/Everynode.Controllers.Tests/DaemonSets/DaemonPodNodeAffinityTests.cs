using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonPodNodeAffinityTests
{
    public static TheoryData<string, V1Affinity?> Affinities => new()
    {
        { "no affinity", null },
        { "no node affinity", new V1Affinity { PodAffinity = new V1PodAffinity() } },
        { "no required terms", new V1Affinity { NodeAffinity = new V1NodeAffinity() } },
        { "required expressions", new V1Affinity { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [Requirement("a", "Exists")] }] } } } },
        { "pinned to another node", new V1Affinity { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [new V1NodeSelectorTerm { MatchFields = [Requirement("metadata.name", "In", "other")] }, new V1NodeSelectorTerm { MatchExpressions = [Requirement("b", "Exists")] }] } } } },
    };

    [Theory]
    [MemberData(nameof(Affinities))]
    public void ReplaceDaemonSetPodNodeNameNodeAffinity_LeavesOneMatchFieldsTerm(string name, V1Affinity? affinity)
    {
        var result = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(affinity, "node-1");
        var term = Assert.Single(result.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        var field = Assert.Single(term.MatchFields);
        Assert.True(field is { Key: "metadata.name", OperatorProperty: "In" } && field.Values.SequenceEqual(["node-1"]), name);
        Assert.Null(term.MatchExpressions);
    }

    [Theory]
    [InlineData("bound", "node-1", null, "node-1")]
    [InlineData("unbound, pinned", "", "node-2", "node-2")]
    [InlineData("bound wins over the pin", "node-1", "node-2", "node-1")]
    [InlineData("neither", "", null, null)]
    public void GetTargetNodeName_UsesNodeNameThenMatchFields(string name, string nodeName, string? pinned, string? expected)
    {
        var pod = NewPod("p", nodeName, NewDaemonSet());
        if (pinned is not null)
        {
            pod.Spec.Affinity = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(null, pinned);
        }

        Assert.True(expected == DaemonPodNodeAffinity.GetTargetNodeName(pod), name);
    }

    [Fact]
    public void GetTargetNodeName_PinWithSeveralValues_IsNoTarget()
    {
        var pod = NewPod("p", "", NewDaemonSet());
        pod.Spec.Affinity = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(null, "a");
        pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchFields[0].Values = ["a", "b"];
        Assert.Null(DaemonPodNodeAffinity.GetTargetNodeName(pod));
    }

    [Fact]
    public void NodeToDaemonPods_GroupsByTargetAndDropsDeletedTerminalPods()
    {
        var ds = NewDaemonSet();
        var unbound = NewPod("unbound", "", ds);
        unbound.Spec.Affinity = DaemonPodNodeAffinity.ReplaceDaemonSetPodNodeNameNodeAffinity(null, "node-1");
        var failedDeleting = NewPod("failed-deleting", "node-1", ds, phase: "Failed");
        failedDeleting.Metadata.DeletionTimestamp = T0;
        var runningDeleting = NewPod("running-deleting", "node-1", ds);
        runningDeleting.Metadata.DeletionTimestamp = T0;
        var nowhere = NewPod("nowhere", "", ds);
        V1Pod[] pods = [NewPod("a", "node-1", ds), unbound, failedDeleting, runningDeleting, nowhere, NewPod("b", "node-2", ds)];

        var grouped = NodeToDaemonPods.Group(pods);
        var withTerminal = NodeToDaemonPods.Group(pods, includeDeletedTerminal: true);

        Assert.Equal(["a", "unbound", "running-deleting"], grouped["node-1"].Select(p => p.Metadata.Name));
        Assert.Equal(["b"], grouped["node-2"].Select(p => p.Metadata.Name));
        Assert.Equal(2, grouped.Count);
        Assert.Contains(withTerminal["node-1"], p => p.Metadata.Name == "failed-deleting");
    }
}
