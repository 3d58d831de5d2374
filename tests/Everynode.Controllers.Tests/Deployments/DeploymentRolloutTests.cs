using Everynode.Controllers.Deployments;
using k8s.Models;
using static Everynode.Controllers.Tests.Deployments.DeploymentTestObjects;

namespace Everynode.Controllers.Tests.Deployments;

/// <summary>The rollout decisions, as tables over replica counts (upstream's rolling_test.go and sync_test.go cases).</summary>
public sealed class DeploymentRolloutTests
{
    [Theory]
    [InlineData("25%", "25%", 4, 1, 1)]
    [InlineData("25%", "25%", 3, 1, 0)]
    [InlineData("0", "0", 3, 0, 1)]
    [InlineData("50%", "0", 5, 3, 0)]
    [InlineData("1", "100%", 10, 1, 10)]
    [InlineData("x", "y%", 10, 0, 1)]
    public void ResolveFenceposts_RoundsSurgeUpAndUnavailableDown(string surge, string unavailable, int desired, int expectedSurge, int expectedUnavailable) =>
        Assert.Equal((expectedSurge, expectedUnavailable), DeploymentMath.ResolveFenceposts(surge, unavailable, desired));

    [Theory]
    // replicas, maxSurge, old replicas, new replicas → new replicas after the step
    [InlineData(3, "1", 3, 0, 1)]
    [InlineData(3, "2", 3, 0, 2)]
    [InlineData(3, "1", 2, 1, 2)]
    [InlineData(3, "1", 3, 1, 1)]
    [InlineData(3, "5", 3, 0, 3)]
    public void NewReplicaSetReplicas_GrowsWithinTheSurge(int replicas, string maxSurge, int oldReplicas, int newReplicas, int expected)
    {
        var d = NewDeployment(replicas, maxSurge: maxSurge, maxUnavailable: "0");
        var old = NewReplicaSet("old", oldReplicas, oldReplicas);
        var current = NewReplicaSet("new", newReplicas, 0, "busybox:1.37", revision: 2);
        Assert.Equal(expected, DeploymentRollout.NewReplicaSetReplicas(d, [old, current], current));
    }

    [Fact]
    public void NewReplicaSetReplicas_Recreate_TakesEverything() =>
        Assert.Equal(3, DeploymentRollout.NewReplicaSetReplicas(NewDeployment(strategy: "Recreate"), [], null));

    [Theory]
    // replicas, maxUnavailable, old (replicas, available), new (replicas, available) → old replicas after the step
    [InlineData(3, "1", 3, 3, 1, 0, 2)]   // one may be unavailable: one old pod goes
    [InlineData(3, "0", 3, 3, 1, 0, 3)]   // nothing may be unavailable and the new pod is not available yet
    [InlineData(3, "0", 3, 3, 1, 1, 2)]   // the new pod is available: an old one may go
    [InlineData(3, "1", 3, 1, 1, 0, 2)]   // unhealthy old pods go first, within what may be scaled down (4 − 2 − 1 = 1)
    [InlineData(3, "2", 3, 1, 1, 0, 1)]   // a larger budget takes both unhealthy ones
    [InlineData(3, "1", 0, 0, 3, 3, 0)]   // no old pods: nothing to do
    public void ReconcileOldReplicaSets_KeepsTheMinimumAvailable(int replicas, string maxUnavailable, int oldReplicas, int oldAvailable, int newReplicas, int newAvailable, int expectedOld)
    {
        var d = NewDeployment(replicas, maxSurge: "1", maxUnavailable: maxUnavailable);
        var old = NewReplicaSet("old", oldReplicas, oldAvailable);
        var current = NewReplicaSet("new", newReplicas, newAvailable, "busybox:1.37", revision: 2);
        var scales = DeploymentRollout.ReconcileOldReplicaSets(d, [old, current], [old], current);
        var after = scales.LastOrDefault(s => s.ReplicaSet.Metadata.Name == "web-old")?.Replicas ?? oldReplicas;
        Assert.Equal(expectedOld, after);
    }

    [Fact]
    public void ReconcileOldReplicaSets_ScalesTheOldestReplicaSetFirst()
    {
        var d = NewDeployment(4, maxSurge: "0", maxUnavailable: "2");
        var oldest = NewReplicaSet("a", 2, 2, "busybox:1.34", ageSeconds: 900);
        var older = NewReplicaSet("b", 2, 2, "busybox:1.35", ageSeconds: 600);
        var scales = DeploymentRollout.ReconcileOldReplicaSets(d, [oldest, older], [oldest, older], null);
        var scale = Assert.Single(scales);
        Assert.Equal(("web-a", 0), (scale.ReplicaSet.Metadata.Name, scale.Replicas));
    }

    [Fact]
    public void RecreateScaleDown_EveryActiveOldReplicaSetToZero()
    {
        var scales = DeploymentRollout.RecreateScaleDown([NewReplicaSet("a", 2, 2), NewReplicaSet("b", 0, 0)]);
        Assert.Equal(["web-a"], scales.Select(s => s.ReplicaSet.Metadata.Name));
        Assert.All(scales, s => Assert.Equal(0, s.Replicas));
    }

    [Fact]
    public void IsScalingEvent_WhenAnActiveReplicaSetWasSizedForOtherReplicas()
    {
        var rs = NewReplicaSet("a", 3, 3);
        DeploymentAnnotations.SetReplicasAnnotations(rs, 3, 4);
        Assert.False(DeploymentRollout.IsScalingEvent(NewDeployment(3), [rs]));
        Assert.True(DeploymentRollout.IsScalingEvent(NewDeployment(5), [rs]));
    }

    [Theory]
    [InlineData(5, 5)]
    [InlineData(1, 1)]
    public void Scale_OneActiveReplicaSet_TakesTheReplicas(int replicas, int expected)
    {
        var scale = Assert.Single(DeploymentRollout.Scale(NewDeployment(replicas), NewReplicaSet("a", 3, 3, "busybox:1.37"), []));
        Assert.Equal(expected, scale.Replicas);
    }

    [Fact]
    public void Scale_TwoActiveReplicaSets_ShareTheChangeProportionally()
    {
        // 10 → 20 with maxSurge 25% (5): allowed 25, total 10 → +15, shared 6:4 → +9 and +6.
        var d = NewDeployment(20);
        var newRs = NewReplicaSet("new", 6, 6, "busybox:1.37");
        var old = NewReplicaSet("old", 4, 4);
        var scales = DeploymentRollout.Scale(d, newRs, [old]).ToDictionary(s => s.ReplicaSet.Metadata.Name, s => s.Replicas);
        Assert.Equal(15, scales["web-new"]);
        Assert.Equal(10, scales["web-old"]);
    }

    [Fact]
    public void HistoryToDelete_OldestRevisionsBeyondTheLimit_OnlyThoseWithoutPods()
    {
        var d = NewDeployment();
        d.Spec.RevisionHistoryLimit = 1;
        var r1 = NewReplicaSet("r1", 0, 0, revision: 1);
        var r2 = NewReplicaSet("r2", 1, 1, revision: 2);
        var r3 = NewReplicaSet("r3", 0, 0, revision: 3);
        Assert.Equal(["web-r1"], DeploymentRollout.HistoryToDelete(d, [r3, r2, r1]).Select(r => r.Metadata.Name));
    }

    [Fact]
    public void FindNew_IgnoresThePodTemplateHashLabel()
    {
        var d = NewDeployment(image: "busybox:1.36");
        var match = NewReplicaSet("abc", 3, 3, "busybox:1.36");
        Assert.Same(match, DeploymentReplicaSets.FindNew(d, [NewReplicaSet("zzz", 0, 0, "busybox:1.35"), match]));
    }

    [Fact]
    public void NewReplicaSet_CarriesHashRevisionOwnerAndReplicaAnnotations()
    {
        var d = NewDeployment();
        d.Metadata.Annotations = new Dictionary<string, string> { ["kubernetes.io/change-cause"] = "v2", [DeploymentAnnotations.LastAppliedConfiguration] = "{}" };
        var rs = DeploymentReplicaSets.NewReplicaSet(d, "5d8f9c7b6", 2, 1);
        Assert.Equal("web-5d8f9c7b6", rs.Metadata.Name);
        Assert.Equal("5d8f9c7b6", rs.Spec.Selector.MatchLabels[DeploymentAnnotations.PodTemplateHashLabel]);
        Assert.Equal("5d8f9c7b6", rs.Spec.Template.Metadata.Labels[DeploymentAnnotations.PodTemplateHashLabel]);
        Assert.Equal("2", rs.Metadata.Annotations[DeploymentAnnotations.Revision]);
        Assert.Equal("3", rs.Metadata.Annotations[DeploymentAnnotations.DesiredReplicas]);
        Assert.Equal("4", rs.Metadata.Annotations[DeploymentAnnotations.MaxReplicas]);
        Assert.Equal("v2", rs.Metadata.Annotations["kubernetes.io/change-cause"]);
        Assert.False(rs.Metadata.Annotations.ContainsKey(DeploymentAnnotations.LastAppliedConfiguration));
        Assert.Equal(("Deployment", "d-uid", true), (rs.Metadata.OwnerReferences[0].Kind, rs.Metadata.OwnerReferences[0].Uid, rs.Metadata.OwnerReferences[0].Controller));
        Assert.False(d.Spec.Template.Metadata.Labels.ContainsKey(DeploymentAnnotations.PodTemplateHashLabel));
    }
}
