using Everynode.Api.Authorization;
using k8s.Models;

namespace Everynode.Api.Tests.Authorization;

public sealed class RuleCoverageTests
{
    private static V1PolicyRule Rule(string[] verbs, string[] groups, string[] resources, string[]? names = null) =>
        new() { Verbs = verbs, ApiGroups = groups, Resources = resources, ResourceNames = names };

    [Fact]
    public void Wildcards_InTheHeldRules_CoverEverythingThere()
    {
        IReadOnlyList<V1PolicyRule> held = [Rule(["*"], ["*"], ["*"])];

        Assert.Empty(RuleCoverage.Uncovered(held, [Rule(["get", "delete"], ["", "apps"], ["pods", "daemonsets"]), Rule(["*"], ["*"], ["*"])]));
    }

    [Fact]
    public void EachPiece_MustBeHeld_AndAWildcardIsOnlyCoveredByAWildcard()
    {
        IReadOnlyList<V1PolicyRule> held = [Rule(["get", "list"], [""], ["pods", "pods/log"]), Rule(["get"], [""], ["secrets"], ["one"])];

        Assert.Empty(RuleCoverage.Uncovered(held, [Rule(["get"], [""], ["pods", "pods/log"]), Rule(["get"], [""], ["secrets"], ["one"])]));
        Assert.Equal(
            ["{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"delete\"]}", "{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}",
             "{APIGroups:[\"\"], Resources:[\"secrets\"], ResourceNames:[\"two\"], Verbs:[\"get\"]}", "{APIGroups:[\"\"], Resources:[\"pods\"], Verbs:[\"*\"]}"],
            RuleCoverage.Uncovered(held, [Rule(["get", "delete"], [""], ["pods"]), Rule(["get"], [""], ["secrets"]), Rule(["get"], [""], ["secrets"], ["two"]), Rule(["*"], [""], ["pods"])])
                .Select(RuleCoverage.Compact));
    }

    [Fact]
    public void SubresourceWildcards_AndNonResourceUrlPrefixes_Cover()
    {
        IReadOnlyList<V1PolicyRule> held = [Rule(["get"], ["apps"], ["deployments/*", "*/scale"]), new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/healthz/*"] }];

        Assert.Empty(RuleCoverage.Uncovered(held, [Rule(["get"], ["apps"], ["deployments/status", "replicasets/scale"]), new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/healthz/etcd"] }]));
        Assert.Equal(["{NonResourceURLs:[\"/metrics\"], Verbs:[\"get\"]}"],
            RuleCoverage.Uncovered(held, [new V1PolicyRule { Verbs = ["get"], NonResourceURLs = ["/metrics"] }]).Select(RuleCoverage.Compact));
    }
}
