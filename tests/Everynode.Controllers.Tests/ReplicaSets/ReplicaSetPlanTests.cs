using Everynode.Controllers.ReplicaSets;
using static Everynode.Controllers.Tests.ReplicaSets.ReplicaSetTestObjects;

namespace Everynode.Controllers.Tests.ReplicaSets;

public sealed class ReplicaSetPlanTests
{
    [Theory]
    [InlineData(3, 0, 3, 0)]
    [InlineData(3, 1, 2, 0)]
    [InlineData(3, 3, 0, 0)]
    [InlineData(1, 3, 0, 2)]
    [InlineData(0, 2, 0, 2)]
    [InlineData(900, 0, 500, 0)]
    public void Plan_MovesTowardReplicasWithinTheBurst(int replicas, int existing, int creates, int deletes)
    {
        var rs = NewReplicaSet(replicas: replicas);
        var pods = Enumerable.Range(0, existing).Select(i => NewPod($"p{i}", rs, node: $"node-{i}")).ToList();
        var plan = ReplicaSetManage.Plan(rs, pods, pods, 500, Now);
        Assert.Equal(creates, plan.Creates);
        Assert.Equal(deletes, plan.Deletes.Count);
    }

    [Fact]
    public void Status_CountsReadyAvailableAndFullyLabeled()
    {
        var rs = NewReplicaSet(replicas: 4, minReadySeconds: 30);
        var partlyLabeled = NewPod("other-labels", rs);
        rs.Spec.Template.Metadata.Labels["tier"] = "front";
        var full = NewPod("full", rs);
        full.Metadata.Labels["tier"] = "front";
        var pods = new[] { full, partlyLabeled, NewPod("fresh", rs, readyForSeconds: 10), NewPod("unready", rs, ready: false) };
        var status = ReplicaSetStatusCalculator.Calculate(rs, pods, null, null, Now);
        Assert.Equal(4, status.Replicas);
        Assert.Equal(1, status.FullyLabeledReplicas);
        Assert.Equal(3, status.ReadyReplicas);
        Assert.Equal(2, status.AvailableReplicas);
        Assert.Equal(1, status.ObservedGeneration);
        Assert.Null(status.Conditions);
    }

    [Fact]
    public void Status_FailureSetsAndCleanSyncClearsReplicaFailure()
    {
        var rs = NewReplicaSet();
        var failed = ReplicaSetStatusCalculator.Calculate(rs, [], "FailedCreate", "quota", Now);
        var condition = Assert.Single(failed.Conditions);
        Assert.Equal(("ReplicaFailure", "True", "FailedCreate", "quota"), (condition.Type, condition.Status, condition.Reason, condition.Message));
        rs.Status = failed;
        Assert.Null(ReplicaSetStatusCalculator.Calculate(rs, [], null, null, Now).Conditions);
    }
}
