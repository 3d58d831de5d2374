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

    private static readonly V1Node Node = Make.Node("node-1", change: n =>
    {
        n.Metadata.Labels["zone"] = "a";
        n.Metadata.Labels["cores"] = "8";
    });

    public static TheoryData<string, V1Pod, bool> Cases => new()
    {
        { "no constraints", Pod(null), true },
        { "nodeSelector matches", Pod(new() { ["zone"] = "a" }), true },
        { "nodeSelector value differs", Pod(new() { ["zone"] = "b" }), false },
        { "nodeSelector label missing", Pod(new() { ["disk"] = "ssd" }), false },
        { "In", Pod(null, Term([Req("zone", "In", "a", "b")])), true },
        { "In without match", Pod(null, Term([Req("zone", "In", "b")])), false },
        { "NotIn", Pod(null, Term([Req("zone", "NotIn", "b")])), true },
        { "NotIn with absent label", Pod(null, Term([Req("disk", "NotIn", "ssd")])), true },
        { "Exists", Pod(null, Term([Req("zone", "Exists")])), true },
        { "DoesNotExist", Pod(null, Term([Req("zone", "DoesNotExist")])), false },
        { "Gt", Pod(null, Term([Req("cores", "Gt", "4")])), true },
        { "Lt", Pod(null, Term([Req("cores", "Lt", "4")])), false },
        { "Gt with non-integer bound is invalid", Pod(null, Term([Req("cores", "Gt", "four")])), false },
        { "In without values is invalid", Pod(null, Term([Req("zone", "In")])), false },
        { "expressions in a term are ANDed", Pod(null, Term([Req("zone", "In", "a"), Req("cores", "Lt", "4")])), false },
        { "terms are ORed", Pod(null, Term([Req("zone", "In", "b")]), Term([Req("cores", "Gt", "4")])), true },
        { "an empty term matches nothing", Pod(null, Term()), false },
        { "an invalid term does not spoil a valid one", Pod(null, Term([Req("zone", "Bogus", "a")]), Term([Req("zone", "In", "a")])), true },
        { "matchFields metadata.name In", Pod(null, Term(fields: [Req("metadata.name", "In", "node-1")])), true },
        { "matchFields metadata.name In other", Pod(null, Term(fields: [Req("metadata.name", "In", "node-2")])), false },
        { "matchFields metadata.name NotIn", Pod(null, Term(fields: [Req("metadata.name", "NotIn", "node-2")])), true },
        { "matchFields needs exactly one value", Pod(null, Term(fields: [Req("metadata.name", "In", "node-1", "node-2")])), false },
        { "nodeSelector and affinity are ANDed", Pod(new() { ["zone"] = "b" }, Term([Req("zone", "In", "a")])), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_MatchesNodeSelectorAndRequiredNodeAffinity(string name, V1Pod pod, bool fits)
    {
        _ = name;
        var status = new NodeAffinity().Filter(Make.State(pod), Make.Info(Node));
        Assert.Equal(fits, status.IsSuccess);
        if (!fits)
        {
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
            Assert.Equal("node(s) didn't match Pod's node affinity/selector", status.Message);
        }
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
