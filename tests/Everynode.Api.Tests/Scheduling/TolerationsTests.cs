using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Api.Tests.Scheduling;

/// <summary>
/// Upstream's toleration matching as the DaemonSet controller, the scheduler's TaintToleration and NodeUnschedulable
/// filters and the taint eviction controller all apply it (the two copies this replaced agreed on every row).
/// </summary>
public class TolerationsTests
{
    public static TheoryData<string, V1Toleration, V1Taint, bool> Cases => new()
    {
        { "equal key, value and effect", Toleration("k", "Equal", "v", "NoSchedule"), Taint("k", "NoSchedule", "v"), true },
        { "empty operator means Equal", Toleration("k", null, "v", "NoSchedule"), Taint("k", "NoSchedule", "v"), true },
        { "Equal with another value", Toleration("k", "Equal", "w", "NoSchedule"), Taint("k", "NoSchedule", "v"), false },
        { "Equal with no value vs a valued taint", Toleration("k", "Equal", null, "NoSchedule"), Taint("k", "NoSchedule", "v"), false },
        { "Equal with no value vs a taint without one", Toleration("k", "Equal", null, "NoSchedule"), Taint("k", "NoSchedule"), true },
        { "Exists ignores the value", Toleration("k", "Exists", null, "NoSchedule"), Taint("k", "NoSchedule", "v"), true },
        { "another key", Toleration("other", "Exists", null, "NoSchedule"), Taint("k", "NoSchedule"), false },
        { "empty key with Exists tolerates every key", Toleration(null, "Exists", null, null), Taint("k", "NoExecute", "v"), true },
        { "empty key with Exists and an effect tolerates that effect", Toleration("", "Exists", null, "NoSchedule"), Taint("k", "NoSchedule", "v"), true },
        { "empty key with Exists and an effect, another effect", Toleration("", "Exists", null, "NoSchedule"), Taint("k", "NoExecute"), false },
        { "empty key with Equal tolerates every key with that value", Toleration(null, "Equal", "v", null), Taint("k", "NoSchedule", "v"), true },
        { "empty key with Equal, another value", Toleration(null, "Equal", "v", null), Taint("k", "NoSchedule", "w"), false },
        { "empty effect tolerates every effect", Toleration("k", "Exists", null, null), Taint("k", "NoExecute"), true },
        { "empty effect tolerates PreferNoSchedule", Toleration("k", "Exists", null, ""), Taint("k", "PreferNoSchedule"), true },
        { "another effect", Toleration("k", "Exists", null, "NoSchedule"), Taint("k", "NoExecute"), false },
        { "tolerationSeconds plays no part", Toleration("k", "Exists", null, "NoExecute", 0), Taint("k", "NoExecute"), true },
        { "unknown operator", Toleration("k", "Gt", "1", "NoSchedule"), Taint("k", "NoSchedule", "2"), false },
        { "an operator is case-sensitive", Toleration("k", "exists", null, null), Taint("k", "NoSchedule"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ToleratesTaint_FollowsUpstreamMatching(string name, V1Toleration toleration, V1Taint taint, bool expected)
    {
        Assert.True(expected == Tolerations.ToleratesTaint(toleration, taint), name);
        Assert.True(expected == Tolerations.TolerationsTolerateTaint([Toleration("other", "Exists", null, null), toleration], taint), name);
    }

    [Fact]
    public void TolerationsTolerateTaint_NoTolerations_ToleratesNothing()
    {
        Assert.False(Tolerations.TolerationsTolerateTaint(null, Taint("k", "NoSchedule")));
        Assert.False(Tolerations.TolerationsTolerateTaint([], Taint("k", "NoSchedule")));
    }

    [Fact]
    public void FindMatchingUntoleratedTaint_SkipsFilteredAndToleratedTaints()
    {
        V1Taint[] taints = [Taint("soft", "PreferNoSchedule"), Taint("a", "NoSchedule"), Taint("b", "NoExecute")];
        var found = Tolerations.FindMatchingUntoleratedTaint(taints, [Toleration("a", "Exists", null, null)], Tolerations.DoNotScheduleTaintsFilter);
        Assert.Equal("b", found?.Key);
        Assert.Null(Tolerations.FindMatchingUntoleratedTaint(taints, [Toleration(null, "Exists", null, null)], _ => true));
        Assert.Null(Tolerations.FindMatchingUntoleratedTaint(null, null, _ => true));
    }

    [Fact]
    public void FindMatchingUntoleratedTaint_NamesTheFirstInNodeOrder()
    {
        V1Taint[] taints = [Taint("a", "NoSchedule", "1"), Taint("b", "NoSchedule", "2"), Taint("c", "NoSchedule", "3")];
        var found = Tolerations.FindMatchingUntoleratedTaint(taints, [Toleration("a", "Exists", null, null)], Tolerations.DoNotScheduleTaintsFilter);
        Assert.Equal("b", found?.Key);
    }

    [Theory]
    [InlineData("NoSchedule", true)]
    [InlineData("NoExecute", true)]
    [InlineData("PreferNoSchedule", false)]
    [InlineData("", false)]
    public void DoNotScheduleTaintsFilter_KeepsNoScheduleAndNoExecute(string effect, bool kept) =>
        Assert.Equal(kept, Tolerations.DoNotScheduleTaintsFilter(Taint("k", effect)));

    private static V1Taint Taint(string key, string effect, string? value = null) => new() { Key = key, Effect = effect, Value = value };

    private static V1Toleration Toleration(string? key, string? op, string? value, string? effect, long? seconds = null) =>
        new() { Key = key, OperatorProperty = op, Value = value, Effect = effect, TolerationSeconds = seconds };
}
