using Everynode.Controllers.Deployments;
using static Everynode.Controllers.Tests.Deployments.DeploymentTestObjects;

namespace Everynode.Controllers.Tests.Deployments;

public sealed class DeploymentStatusTests
{
    [Fact]
    public void Calculate_CountsFromTheReplicaSets()
    {
        var d = NewDeployment(3);
        var old = NewReplicaSet("old", 1, 1);
        var current = NewReplicaSet("new", 3, 2, "busybox:1.37", revision: 2);
        var status = DeploymentStatusCalculator.Calculate(d, [old, current], current, Now);
        Assert.Equal((4, 3, 3, 3, 1, 2L), (status.Replicas ?? 0, status.UpdatedReplicas ?? 0, status.ReadyReplicas ?? 0, status.AvailableReplicas ?? 0, status.UnavailableReplicas ?? 0, status.ObservedGeneration ?? 0));
        var available = DeploymentConditions.Get(status, DeploymentConditions.Available)!;
        Assert.Equal(("True", "MinimumReplicasAvailable", "Deployment has minimum availability."), (available.Status, available.Reason, available.Message));
    }

    [Fact]
    public void Calculate_TooFewAvailable_AvailableFalse()
    {
        var d = NewDeployment(4);
        var rs = NewReplicaSet("new", 4, 2, "busybox:1.37");
        var available = DeploymentConditions.Get(DeploymentStatusCalculator.Calculate(d, [rs], rs, Now), DeploymentConditions.Available)!;
        Assert.Equal(("False", "MinimumReplicasUnavailable"), (available.Status, available.Reason));
    }

    [Fact]
    public void RolloutStatus_Complete_NewReplicaSetAvailable()
    {
        var d = NewDeployment(3);
        var rs = NewReplicaSet("new", 3, 3, "busybox:1.37");
        var progressing = DeploymentConditions.Get(DeploymentStatusCalculator.RolloutStatus(d, [rs], rs, Now), DeploymentConditions.Progressing)!;
        Assert.Equal(("True", "NewReplicaSetAvailable", "ReplicaSet \"web-new\" has successfully progressed."), (progressing.Status, progressing.Reason, progressing.Message));
    }

    [Fact]
    public void RolloutStatus_MorePodsAvailable_ReplicaSetUpdated()
    {
        var d = NewDeployment(3);
        d.Status.AvailableReplicas = 1;
        var rs = NewReplicaSet("new", 3, 2, "busybox:1.37");
        var progressing = DeploymentConditions.Get(DeploymentStatusCalculator.RolloutStatus(d, [rs], rs, Now), DeploymentConditions.Progressing)!;
        Assert.Equal(("True", "ReplicaSetUpdated", "ReplicaSet \"web-new\" is progressing."), (progressing.Status, progressing.Reason, progressing.Message));
    }

    [Fact]
    public void RolloutStatus_NoProgressPastTheDeadline_ProgressDeadlineExceeded()
    {
        var d = NewDeployment(3);
        var rs = NewReplicaSet("new", 3, 1, "busybox:1.37");
        d.Status = DeploymentStatusCalculator.Calculate(d, [rs], rs, Now);
        DeploymentConditions.Set(d.Status, DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.ReplicaSetUpdated, "x", Now.AddSeconds(-601)));
        var progressing = DeploymentConditions.Get(DeploymentStatusCalculator.RolloutStatus(d, [rs], rs, Now), DeploymentConditions.Progressing)!;
        Assert.Equal(("False", "ProgressDeadlineExceeded", "ReplicaSet \"web-new\" has timed out progressing."), (progressing.Status, progressing.Reason, progressing.Message));
    }
}
