using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public sealed class DaemonSetRolloutConditionsTests
{
    private const string Hash = "current";
    private static readonly TimeSpan StallAfter = TimeSpan.FromMinutes(5);

    private static V1Node Node(string name, string ready = "True")
    {
        var node = NewNode(name);
        node.Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = ready }] };
        return node;
    }

    private static V1DaemonSet Ds(string strategy = "RollingUpdate")
    {
        var ds = NewDaemonSet(strategy: strategy);
        ds.Metadata.Annotations["deprecated.daemonset.template.generation"] = "2";
        return ds;
    }

    private static V1Pod Old(V1DaemonSet ds, string node) => NewPod($"{node}-old", node, ds, "previous", ready: true);

    private static V1Pod New(V1DaemonSet ds, string node, int ageSeconds = 3600, string? waiting = null, bool ready = false)
    {
        var pod = NewPod($"{node}-new", node, ds, Hash, ageSeconds: ageSeconds, ready: ready);
        if (waiting is not null)
        {
            pod.Status.ContainerStatuses = [new V1ContainerStatus { Name = "foo", State = new V1ContainerState { Waiting = new V1ContainerStateWaiting { Reason = waiting } }, RestartCount = 3 }];
        }

        return pod;
    }

    private static RolloutBlockers Find(V1DaemonSet ds, List<V1Node> nodes, params V1Pod[] pods)
    {
        var byNode = ByNode(pods);
        RollingUpdatePlan? plan = DaemonSetUpdateStrategy.IsRollingUpdate(ds) ? DaemonSetRollingUpdate.Plan(ds, nodes, byNode, Hash, Now) : null;
        return DaemonSetRolloutConditions.FindBlockers(ds, nodes, byNode, Hash, plan, Now, StallAfter);
    }

    [Theory]
    [InlineData("CrashLoopBackOff", "default/node-0-new on node-0 (CrashLoopBackOff)")]
    [InlineData("ImagePullBackOff", "default/node-0-new on node-0 (ImagePullBackOff)")]
    [InlineData("ContainerCreating", "default/node-0-new on node-0 (restarted 3 time(s))")]
    public void FindBlockers_FailingNewPodHoldingTheBudget_NamesThePod(string waiting, string expected)
    {
        var ds = Ds();
        var blockers = Find(ds, [Node("node-0"), Node("node-1")], New(ds, "node-0", waiting: waiting), Old(ds, "node-1"));
        Assert.Equal([expected], blockers.NewPods);
        Assert.Empty(blockers.Nodes);
    }

    [Fact]
    public void FindBlockers_NewPodUnreadyPastTheThreshold_NamesItWithItsAge()
    {
        var ds = Ds();
        var blockers = Find(ds, [Node("node-0"), Node("node-1")], New(ds, "node-0", ageSeconds: 600), Old(ds, "node-1"));
        Assert.Equal(["default/node-0-new on node-0 (not available after 10m)"], blockers.NewPods);
        Assert.Null(blockers.RecheckAfter);
    }

    [Fact]
    public void FindBlockers_YoungUnreadyNewPod_BlamesNothingYetAndAsksToLookAgain()
    {
        var ds = Ds();
        var blockers = Find(ds, [Node("node-0"), Node("node-1")], New(ds, "node-0", ageSeconds: 60), Old(ds, "node-1"));
        Assert.Empty(blockers.NewPods);
        Assert.Equal(TimeSpan.FromMinutes(4), blockers.RecheckAfter);
    }

    [Fact]
    public void FindBlockers_UnschedulableNewPod_QuotesTheScheduler()
    {
        var ds = Ds();
        var pod = New(ds, "node-0", ageSeconds: 5);
        pod.Status.Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = "0/2 nodes are available" }];
        var blockers = Find(ds, [Node("node-0"), Node("node-1")], pod, Old(ds, "node-1"));
        Assert.Equal(["default/node-0-new on node-0 (Unschedulable: 0/2 nodes are available)"], blockers.NewPods);
    }

    [Theory]
    [InlineData("False")]
    [InlineData("Unknown")]
    public void FindBlockers_NodeNotReadyHoldingTheBudget_NamesTheNode(string ready)
    {
        // The old pod on the dead node was deleted but can never finish terminating: the node stays unavailable.
        var ds = Ds();
        var deleting = Old(ds, "node-0");
        deleting.Metadata.DeletionTimestamp = Now.UtcDateTime;
        var blockers = Find(ds, [Node("node-0", ready), Node("node-1")], deleting, Old(ds, "node-1"));
        Assert.Equal([$"node-0 (Ready={ready})"], blockers.Nodes);
        Assert.Empty(blockers.NewPods);
    }

    [Fact]
    public void FindBlockers_PassStillHasWork_IsNone()
    {
        var ds = Ds();
        Assert.Same(RolloutBlockers.None, Find(ds, [Node("node-0"), Node("node-1")], Old(ds, "node-0"), Old(ds, "node-1")));
    }

    [Fact]
    public void FindBlockers_OnDelete_IsNone()
    {
        var ds = Ds("OnDelete");
        Assert.Same(RolloutBlockers.None, Find(ds, [Node("node-0")], New(ds, "node-0", waiting: "CrashLoopBackOff")));
    }

    [Fact]
    public void FindBlockers_RolloutComplete_IsNone()
    {
        var ds = Ds();
        Assert.Same(RolloutBlockers.None, Find(ds, [Node("node-0"), Node("node-1", "False")], New(ds, "node-0", ready: true), New(ds, "node-1", ready: true)));
    }

    [Fact]
    public void Apply_AddsKeepsAndRemovesOnlyItsOwnConditions()
    {
        var userCondition = new V1DaemonSetCondition { Type = "StatusUpdate", Status = "True" };
        var blockers = new RolloutBlockers(["node-0 (Ready=False)"], ["default/p on node-1 (CrashLoopBackOff)"], null);
        var first = DaemonSetRolloutConditions.Apply([userCondition], blockers, T0);
        Assert.Equal(["StatusUpdate", "RolloutBlockedByNodes", "RolloutBlockedByNewPods"], first.Select(c => c.Type));
        Assert.Equal("rollout stalled: 1 node(s) that should run the new pod are not Ready: node-0 (Ready=False)", first[1].Message);
        Assert.Equal(("True", "NodesNotReady", "NewPodsNotAvailable"), (first[1].Status, first[1].Reason, first[2].Reason));

        var again = DaemonSetRolloutConditions.Apply(first, blockers, T0.AddMinutes(1));
        Assert.Equal(T0, again[1].LastTransitionTime);
        Assert.True(DaemonSetRolloutConditions.SameRolloutConditions(first, again));
        Assert.Empty(DaemonSetRolloutConditions.Events(first, again));

        var cleared = DaemonSetRolloutConditions.Apply(again, RolloutBlockers.None, T0.AddMinutes(2));
        Assert.Equal(["StatusUpdate"], cleared.Select(c => c.Type));
        Assert.False(DaemonSetRolloutConditions.SameRolloutConditions(again, cleared));
    }

    [Fact]
    public void Events_OnlyForConditionsThatAppearOrChange()
    {
        var before = DaemonSetRolloutConditions.Apply(null, new RolloutBlockers(["node-0 (Ready=False)"], [], null), T0);
        var after = DaemonSetRolloutConditions.Apply(before, new RolloutBlockers(["node-0 (Ready=False)"], ["default/p on node-1 (ErrImagePull)"], null), T0);
        var e = Assert.Single(DaemonSetRolloutConditions.Events(before, after));
        Assert.Equal(("Warning", "RolloutBlockedByNewPods", "rollout stalled: 1 new pod(s) do not become available: default/p on node-1 (ErrImagePull)"), (e.Type, e.Reason, e.Message));
    }

    [Fact]
    public void Messages_NameTenThenCount()
    {
        var nodes = Enumerable.Range(0, 12).Select(i => $"n{i} (Ready=Unknown)").ToList();
        Assert.EndsWith("n9 (Ready=Unknown) and 2 more", DaemonSetRolloutConditions.NodesMessage(nodes));
    }
}
