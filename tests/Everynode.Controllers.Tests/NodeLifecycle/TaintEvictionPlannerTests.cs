using Everynode.Controllers.NodeLifecycle;
using k8s.Models;
using static Everynode.Controllers.Tests.NodeLifecycle.NodeLifecycleTestObjects;

namespace Everynode.Controllers.Tests.NodeLifecycle;

/// <summary>The NoExecute taint manager's decisions and MarkPodsNotReady.</summary>
public sealed class TaintEvictionPlannerTests
{
    private static readonly V1Taint Unreachable = Taint("node.kubernetes.io/unreachable", "NoExecute", T0);
    private static readonly V1Taint NotReady = Taint("node.kubernetes.io/not-ready", "NoExecute", T0);

    [Fact]
    public void Decide_NoNoExecuteTaints_Keeps() =>
        Assert.Equal(TaintEvictionPlan.Keep, TaintEvictionPlanner.Decide([Taint("node.kubernetes.io/unreachable", "NoSchedule")], null));

    [Fact]
    public void Decide_UntoleratedNoExecuteTaint_EvictsNow() =>
        Assert.Equal(TaintEvictionPlan.Now, TaintEvictionPlanner.Decide([Unreachable], [Tolerate("node.kubernetes.io/not-ready", "NoExecute")]));

    [Fact]
    public void Decide_ToleratedForever_Keeps_LikeADaemonPod() =>
        Assert.Equal(TaintEvictionPlan.Keep, TaintEvictionPlanner.Decide([Unreachable, NotReady],
            [Tolerate("node.kubernetes.io/not-ready", "NoExecute"), Tolerate("node.kubernetes.io/unreachable", "NoExecute")]));

    [Fact]
    public void Decide_DefaultTolerations_EvictAfter300Seconds() =>
        Assert.Equal(TaintEvictionPlan.Later(TimeSpan.FromSeconds(300)), TaintEvictionPlanner.Decide([Unreachable],
            [Tolerate("node.kubernetes.io/not-ready", "NoExecute", 300), Tolerate("node.kubernetes.io/unreachable", "NoExecute", 300)]));

    [Fact]
    public void Decide_SeveralTaints_UsesTheSmallestTolerationSeconds() =>
        Assert.Equal(TaintEvictionPlan.Later(TimeSpan.FromSeconds(5)), TaintEvictionPlanner.Decide([Unreachable, NotReady],
            [Tolerate("node.kubernetes.io/not-ready", "NoExecute", 60), Tolerate("node.kubernetes.io/unreachable", "NoExecute", 5)]));

    [Fact]
    public void Decide_OneTaintToleratedForeverOneFor30s_EvictsAfter30s() =>
        Assert.Equal(TaintEvictionPlan.Later(TimeSpan.FromSeconds(30)), TaintEvictionPlanner.Decide([Unreachable, NotReady],
            [Tolerate("node.kubernetes.io/not-ready", "NoExecute"), Tolerate("node.kubernetes.io/unreachable", "NoExecute", 30)]));

    [Fact]
    public void Decide_FirstMatchingTolerationIsTheOneUsed()
    {
        // An Exists-everything toleration first means forever, even though a later one says 10 s.
        Assert.Equal(TaintEvictionPlan.Keep, TaintEvictionPlanner.Decide([Unreachable], [Tolerate(null, null), Tolerate("node.kubernetes.io/unreachable", "NoExecute", 10)]));
    }

    [Fact]
    public void Decide_NegativeTolerationSeconds_CountsAsZero() =>
        Assert.Equal(TaintEvictionPlan.Later(TimeSpan.Zero), TaintEvictionPlanner.Decide([Unreachable], [Tolerate("node.kubernetes.io/unreachable", "NoExecute", -3)]));

    [Fact]
    public void PodsToMark_OnlyReadyPodsOnTheNode()
    {
        var pods = new[] { Pod("a", "n1", ready: true), Pod("b", "n1", ready: false), Pod("c", "n2", ready: true) };
        Assert.Equal(["a"], PodsNotReadyPlanner.PodsToMark(pods, "n1").Select(p => p.Metadata.Name));
    }

    [Fact]
    public void NotReadyStatus_TurnsOnlyReadyFalse()
    {
        var status = PodsNotReadyPlanner.NotReadyStatus(Pod("a", "n1", ready: true).Status, T0);
        Assert.Equal(("False", T0.UtcDateTime), (status.Conditions.Single(c => c.Type == "Ready").Status, status.Conditions.Single(c => c.Type == "Ready").LastTransitionTime));
        Assert.Equal("True", status.Conditions.Single(c => c.Type == "ContainersReady").Status);
    }
}
