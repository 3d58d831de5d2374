using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Plugins;

/// <summary>System-default spreading (hostname maxSkew 3, zone maxSkew 5, ScheduleAnyway) and its effect on placement.</summary>
public sealed class PodTopologySpreadTests
{
    private static V1Pod Replica(string name, string ownerUid = "rs-1", string ns = "default") =>
        Make.Pod(name, ns: ns, change: p => p.Metadata.OwnerReferences =
            [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = "web", Uid = ownerUid, Controller = true }]);

    [Fact]
    public void Scores_NodeWithAReplicaScoresHalfOfEmptyOnes()
    {
        // 5 domains: weight ln(7) = 1.95; raw 1×1.95+2 → 4 against 2; normalized 100×(4+2−4)/4 = 50 and 100×(4+2−2)/4 = 100.
        var nodes = Enumerable.Range(0, 5).Select(i => Make.Info(Make.Node($"n{i}"))).ToList();
        nodes[0].AddPod(Replica("a").OnNode("n0"));
        var scores = PodTopologySpread.Scores(Make.State(Replica("new")), nodes)!;
        Assert.Equal([50L, 100, 100, 100, 100], scores);
    }

    [Fact]
    public void Scores_OnlyPodsOfTheSameControllerAndNamespaceCount()
    {
        var nodes = new List<NodeInfo> { Make.Info(Make.Node("n0")), Make.Info(Make.Node("n1")) };
        nodes[0].AddPod(Replica("other-owner", ownerUid: "rs-2").OnNode("n0"));
        nodes[0].AddPod(Replica("other-ns", ns: "elsewhere").OnNode("n0"));
        Assert.Equal([100L, 100], PodTopologySpread.Scores(Make.State(Replica("new")), nodes)!);
    }

    [Fact]
    public void Scores_PodWithoutControllerOrWithOwnConstraints_IsNotSpread()
    {
        var nodes = new List<NodeInfo> { Make.Info(Make.Node("n0")), Make.Info(Make.Node("n1")) };
        Assert.Null(PodTopologySpread.Scores(Make.State(Make.Pod("bare")), nodes));
        var own = Replica("own");
        own.Spec.TopologySpreadConstraints = [new V1TopologySpreadConstraint { MaxSkew = 1, TopologyKey = "kubernetes.io/hostname", WhenUnsatisfiable = "DoNotSchedule" }];
        Assert.Null(PodTopologySpread.Scores(Make.State(own), nodes));
    }

    [Fact]
    public void Scores_NodeWithoutTopologyLabels_ScoresZero()
    {
        var bare = Make.Node("bare", change: n => n.Metadata.Labels = null);
        var nodes = new List<NodeInfo> { Make.Info(Make.Node("n0")), Make.Info(bare) };
        Assert.Equal([100L, 0], PodTopologySpread.Scores(Make.State(Replica("new")), nodes)!);
    }

    [Fact]
    public void ScheduleOne_ThreeReplicasOnFiveNodes_LandOnThreeDistinctNodes()
    {
        var snapshot = Snapshot.Create(Enumerable.Range(0, 5).Select(i => Make.Node($"node-{i}")), []);
        var chosen = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var pod = Replica($"web-{i}");
            var host = SchedulingAlgorithm.ScheduleOne(pod, snapshot).SuggestedHost!;
            chosen.Add(host);
            snapshot.Get(host)!.AddPod(pod.OnNode(host));
        }

        Assert.Equal(3, chosen.Distinct().Count());
    }

    [Fact]
    public void ScheduleOne_FiveReplicasOnFiveNodes_OnePerNode()
    {
        var snapshot = Snapshot.Create(Enumerable.Range(0, 5).Select(i => Make.Node($"node-{i}")), []);
        for (var i = 0; i < 5; i++)
        {
            var pod = Replica($"web-{i}");
            var host = SchedulingAlgorithm.ScheduleOne(pod, snapshot).SuggestedHost!;
            snapshot.Get(host)!.AddPod(pod.OnNode(host));
        }

        Assert.All(snapshot.Nodes, n => Assert.Single(n.Pods));
    }
}
