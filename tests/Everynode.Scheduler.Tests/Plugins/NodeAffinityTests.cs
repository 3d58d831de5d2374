using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Plugins;

public class NodeAffinityTests
{
    private static V1NodeSelectorRequirement Req(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    private static V1NodeSelectorTerm Term(V1NodeSelectorRequirement[]? expressions = null, V1NodeSelectorRequirement[]? fields = null) =>
        new() { MatchExpressions = expressions, MatchFields = fields };

    private static V1Pod Pod(Dictionary<string, string>? nodeSelector, params V1NodeSelectorTerm[]? terms) => Make.Pod("p", change: p =>
    {
        p.Spec.NodeSelector = nodeSelector;
        if (terms is { Length: > 0 })
        {
            p.Spec.Affinity = new V1Affinity
            {
                NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms } },
            };
        }
    });

    [Fact]
    public void Filter_ANodeThatDoesNotMatch_IsUnresolvableWithUpstreamsReason()
    {
        // What matches is RequiredNodeAffinity's (Everynode.Api.Tests/Scheduling/RequiredNodeAffinityTests).
        var node = Make.Info(Make.Node("node-1", change: n => n.Metadata.Labels["zone"] = "a"));
        Assert.True(new NodeAffinity().Filter(Make.State(Pod(new() { ["zone"] = "a" })), node).IsSuccess);
        var status = new NodeAffinity().Filter(Make.State(Pod(null, Term([Req("zone", "In", "b")]))), node);
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
        Assert.Equal("node(s) didn't match Pod's node affinity/selector", status.Message);
    }

    public static TheoryData<string, V1Pod, string[]?> PreFilterCases => new()
    {
        { "no affinity", Pod(null), null },
        { "daemon pod", Make.Pod("p").PinnedTo("node-7"), ["node-7"] },
        { "a term without names leaves all nodes", Pod(null, Term(fields: [Req("metadata.name", "In", "a")]), Term([Req("zone", "In", "a")])), null },
        { "names of ORed terms are united", Pod(null, Term(fields: [Req("metadata.name", "In", "a")]), Term(fields: [Req("metadata.name", "In", "b")])), ["a", "b"] },
        {
            "names within a term are intersected",
            Pod(null, Term(fields: [Req("metadata.name", "In", "a", "b"), Req("metadata.name", "In", "b", "c")])),
            ["b"]
        },
        { "NotIn does not narrow", Pod(null, Term(fields: [Req("metadata.name", "NotIn", "a")])), null },
    };

    [Theory]
    [MemberData(nameof(PreFilterCases))]
    public void PreFilter_NarrowsToTheNodeNamesEveryTermPins(string name, V1Pod pod, string[]? names)
    {
        _ = name;
        var result = new NodeAffinity().PreFilter(Make.State(pod));
        Assert.True(result.Status.IsSuccess);
        Assert.Equal(names, result.NodeNames?.Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void PreFilter_TermsWhoseNamesCannotAllHold_RejectThePodEverywhere()
    {
        var pod = Pod(null, Term(fields: [Req("metadata.name", "In", "a"), Req("metadata.name", "In", "b")]));
        var result = new NodeAffinity().PreFilter(Make.State(pod));
        Assert.Equal(StatusCode.UnschedulableAndUnresolvable, result.Status.Code);
        Assert.Equal("pod affinity terms conflict", result.Status.Message);
    }
}
