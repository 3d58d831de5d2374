using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Api.Tests.Scheduling;

/// <summary>
/// Upstream's nodeaffinity matching as the DaemonSet controller, the scheduler's NodeAffinity filter and the agent's
/// admission all apply it. Rows marked "was:" are those where one of the two copies this replaced disagreed with
/// upstream; the expected value is upstream's.
/// </summary>
public class RequiredNodeAffinityTests
{
    public sealed record Row(string Name, V1PodSpec Spec, bool Matches, V1Node? Node = null)
    {
        public override string ToString() => Name;
    }

    private static readonly V1Node ZoneA = new()
    {
        Metadata = new V1ObjectMeta { Name = "node-1", Labels = new Dictionary<string, string> { ["zone"] = "a", ["cores"] = "8" } },
    };

    public static TheoryData<Row> Cases => new()
    {
        new("no constraints", Spec(null), true),
        new("nodeSelector matches", Spec(new() { ["zone"] = "a" }), true),
        new("nodeSelector value differs", Spec(new() { ["zone"] = "b" }), false),
        new("nodeSelector label missing", Spec(new() { ["disk"] = "ssd" }), false),
        new("In", Spec(null, Term(Req("zone", "In", "a", "b"))), true),
        new("In without match", Spec(null, Term(Req("zone", "In", "b"))), false),
        new("NotIn", Spec(null, Term(Req("zone", "NotIn", "b"))), true),
        new("NotIn on the node's value", Spec(null, Term(Req("zone", "NotIn", "a"))), false),
        new("NotIn with absent label", Spec(null, Term(Req("disk", "NotIn", "ssd"))), true),
        new("Exists", Spec(null, Term(Req("zone", "Exists"))), true),
        new("DoesNotExist", Spec(null, Term(Req("zone", "DoesNotExist"))), false),
        new("DoesNotExist with absent label", Spec(null, Term(Req("disk", "DoesNotExist"))), true),
        new("Gt", Spec(null, Term(Req("cores", "Gt", "4"))), true),
        new("Gt equal", Spec(null, Term(Req("cores", "Gt", "8"))), false),
        new("Lt", Spec(null, Term(Req("cores", "Lt", "4"))), false),
        new("Lt above", Spec(null, Term(Req("cores", "Lt", "16"))), true),
        new("Lt on a non-integer label", Spec(null, Term(Req("zone", "Lt", "16"))), false),
        new("Gt with a non-integer value does not parse", Spec(null, Term(Req("cores", "Gt", "four"))), false),
        new("Gt with two values does not parse", Spec(null, Term(Req("cores", "Gt", "4", "5"))), false),
        new("In without values does not parse", Spec(null, Term(Req("zone", "In"))), false),
        new("Exists with values does not parse", Spec(null, Term(Req("zone", "Exists", "a"))), false),
        new("an unknown operator does not parse", Spec(null, Term(Req("zone", "Bogus", "a"))), false),
        new("an operator is case-sensitive", Spec(null, Term(Req("zone", "in", "a"))), false),
        new("was: NotIn with an invalid key does not parse (the scheduler matched)", Spec(null, Term(Req("bad key!", "NotIn", "x"))), false),
        new("was: DoesNotExist with an invalid key does not parse (the scheduler matched)", Spec(null, Term(Req("bad key!", "DoesNotExist"))), false),
        new("was: NotIn with an invalid value does not parse (the scheduler matched)", Spec(null, Term(Req("zone", "NotIn", "not a value!"))), false),
        new("was: Gt with an integer that is no label value does not parse (the scheduler matched)", Spec(null, Term(Req("cores", "Gt", "-1"))), false),
        new("a missing key does not parse", Spec(null, Term(new V1NodeSelectorRequirement { OperatorProperty = "Exists" })), false),
        new("expressions in a term are ANDed", Spec(null, Term(Req("zone", "In", "a"), Req("cores", "Lt", "4"))), false),
        new("terms are ORed", Spec(null, Term(Req("zone", "In", "b")), Term(Req("cores", "Gt", "4"))), true),
        new("an empty term matches nothing", Spec(null, new V1NodeSelectorTerm()), false),
        new("required affinity with no terms matches nothing", Spec(null, []), false),
        new("a term that does not parse does not spoil a valid one", Spec(null, Term(Req("zone", "Bogus", "a")), Term(Req("zone", "In", "a"))), true),
        new("one requirement that does not parse spoils its term", Spec(null, Term(Req("zone", "In", "a"), Req("bad key!", "DoesNotExist"))), false),
        new("matchFields metadata.name In", Spec(null, Fields(Req("metadata.name", "In", "node-1"))), true),
        new("matchFields metadata.name In another", Spec(null, Fields(Req("metadata.name", "In", "node-2"))), false),
        new("matchFields metadata.name NotIn another", Spec(null, Fields(Req("metadata.name", "NotIn", "node-2"))), true),
        new("matchFields metadata.name NotIn this node", Spec(null, Fields(Req("metadata.name", "NotIn", "node-1"))), false),
        new("matchFields with two values does not parse", Spec(null, Fields(Req("metadata.name", "In", "node-1", "node-2"))), false),
        new("matchFields with Exists does not parse", Spec(null, Fields(Req("metadata.name", "Exists"))), false),
        new("matchFields on another field reads the empty string", Spec(null, Fields(Req("spec.podCIDR", "In", ""))), true),
        new("matchFields and matchExpressions both apply", Spec(null, new V1NodeSelectorTerm { MatchFields = [Req("metadata.name", "In", "node-1")], MatchExpressions = [Req("zone", "In", "b")] }), false),
        new("was: a node without a name offers no fields, so matchFields is not checked (both copies failed)", Spec(null, Fields(Req("metadata.name", "In", "node-1"))), true, new V1Node { Metadata = new V1ObjectMeta() }),
        new("nodeSelector and affinity are ANDed", Spec(new() { ["zone"] = "b" }, Term(Req("zone", "In", "a"))), false),
        new("preferred affinity is ignored", new V1PodSpec { Affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity { PreferredDuringSchedulingIgnoredDuringExecution = [new V1PreferredSchedulingTerm { Weight = 1, Preference = Term(Req("zone", "In", "x")) }] } } }, true),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Match_FollowsUpstreamsNodeAffinity(Row row)
    {
        var node = row.Node ?? ZoneA;
        Assert.Equal(row.Matches, RequiredNodeAffinity.Of(row.Spec).Match(node));
        Assert.Equal(row.Matches, RequiredNodeAffinity.Of(new V1Pod { Spec = row.Spec }).Match(node));
    }

    [Fact]
    public void Match_ANodeWithoutLabels_FailsANodeSelectorAndPassesDoesNotExist()
    {
        var bare = new V1Node { Metadata = new V1ObjectMeta { Name = "bare" } };
        Assert.False(RequiredNodeAffinity.Of(Spec(new() { ["zone"] = "a" })).Match(bare));
        Assert.True(RequiredNodeAffinity.Of(Spec(null, Term(Req("zone", "DoesNotExist")))).Match(bare));
    }

    private static V1NodeSelectorRequirement Req(string key, string op, params string[] values) =>
        new() { Key = key, OperatorProperty = op, Values = values.Length == 0 ? null : values };

    private static V1NodeSelectorTerm Term(params V1NodeSelectorRequirement[] expressions) => new() { MatchExpressions = expressions };

    private static V1NodeSelectorTerm Fields(params V1NodeSelectorRequirement[] fields) => new() { MatchFields = fields };

    private static V1PodSpec Spec(Dictionary<string, string>? nodeSelector) => new() { NodeSelector = nodeSelector };

    /// <summary>A spec with a nodeSelector and required node affinity with these terms (none: required affinity that is empty).</summary>
    private static V1PodSpec Spec(Dictionary<string, string>? nodeSelector, params V1NodeSelectorTerm[] terms) => new()
    {
        NodeSelector = nodeSelector,
        Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = terms } },
        },
    };
}
