using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class TaintTolerationTests
{
    public static TheoryData<string, V1Toleration, V1Taint, bool> Cases => new()
    {
        { "equal key, value and effect", Toleration("k", "Equal", "v", "NoSchedule"), Taint("k", "NoSchedule", "v"), true },
        { "empty operator means Equal", Toleration("k", null, "v", "NoSchedule"), Taint("k", "NoSchedule", "v"), true },
        { "Equal with another value", Toleration("k", "Equal", "w", "NoSchedule"), Taint("k", "NoSchedule", "v"), false },
        { "Equal with no value vs a valued taint", Toleration("k", "Equal", null, "NoSchedule"), Taint("k", "NoSchedule", "v"), false },
        { "Exists ignores the value", Toleration("k", "Exists", null, "NoSchedule"), Taint("k", "NoSchedule", "v"), true },
        { "another key", Toleration("other", "Exists", null, "NoSchedule"), Taint("k", "NoSchedule"), false },
        { "empty key with Exists tolerates every key", Toleration(null, "Exists", null, null), Taint("k", "NoExecute", "v"), true },
        { "empty key with Exists and an effect", Toleration("", "Exists", null, "NoSchedule"), Taint("k", "NoExecute"), false },
        { "empty effect tolerates every effect", Toleration("k", "Exists", null, null), Taint("k", "NoExecute"), true },
        { "another effect", Toleration("k", "Exists", null, "NoSchedule"), Taint("k", "NoExecute"), false },
        { "tolerationSeconds plays no part", Toleration("k", "Exists", null, "NoExecute", 0), Taint("k", "NoExecute"), true },
        { "unknown operator", Toleration("k", "Gt", "1", "NoSchedule"), Taint("k", "NoSchedule", "2"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToleratesTaint_FollowsUpstreamMatching(string name, V1Toleration toleration, V1Taint taint, bool expected)
    {
        Assert.True(expected == TaintToleration.ToleratesTaint(toleration, taint), name);
    }

    [Fact]
    public void FindMatchingUntoleratedTaint_SkipsFilteredAndToleratedTaints()
    {
        V1Taint[] taints = [Taint("soft", "PreferNoSchedule"), Taint("a", "NoSchedule"), Taint("b", "NoExecute")];
        var found = TaintToleration.FindMatchingUntoleratedTaint(
            taints, [Toleration("a", "Exists", null, null)], t => t.Effect is "NoSchedule" or "NoExecute");
        Assert.Equal("b", found?.Key);
        Assert.Null(TaintToleration.FindMatchingUntoleratedTaint(taints, [Toleration(null, "Exists", null, null)], _ => true));
    }
}
