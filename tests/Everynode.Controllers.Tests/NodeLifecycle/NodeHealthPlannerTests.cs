using Everynode.Controllers.NodeLifecycle;
using static Everynode.Controllers.Tests.NodeLifecycle.NodeLifecycleTestObjects;

namespace Everynode.Controllers.Tests.NodeLifecycle;

/// <summary>Heartbeat bookkeeping and the Unknown transition, with explicit (fake) times.</summary>
public sealed class NodeHealthPlannerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(50);

    [Fact]
    public void Observe_FirstSight_StartsTheGracePeriodNow()
    {
        var health = NodeHealthPlanner.Observe(null, Node(conditions: ("Ready", "True")), null, T0);
        Assert.Equal(T0, health.ProbeTime);
        Assert.False(NodeHealthPlanner.IsStale(health, T0 + Grace, Grace));
        Assert.True(NodeHealthPlanner.IsStale(health, T0 + Grace + TimeSpan.FromSeconds(1), Grace));
    }

    [Fact]
    public void Observe_NodeThatNeverPostedReady_CountsFromItsCreation()
    {
        var node = Node();
        var health = NodeHealthPlanner.Observe(null, node, null, T0);
        Assert.Equal(T0.AddMinutes(-10), health.ProbeTime);
        Assert.True(NodeHealthPlanner.IsStale(health, T0, Grace));
    }

    [Fact]
    public void Observe_LeaseRenewal_MovesTheProbeTimeToNow()
    {
        var node = Node(conditions: ("Ready", "True"));
        var first = NodeHealthPlanner.Observe(null, node, Lease("n1", T0), T0);
        var renewed = NodeHealthPlanner.Observe(first, node, Lease("n1", T0.AddSeconds(10)), T0.AddSeconds(40));
        Assert.Equal(T0.AddSeconds(40), renewed.ProbeTime);
        Assert.False(NodeHealthPlanner.IsStale(renewed, T0.AddSeconds(80), Grace));
    }

    [Fact]
    public void Observe_SameLeaseAndHeartbeat_KeepsTheOldProbeTime()
    {
        var node = Node(conditions: ("Ready", "True"));
        var first = NodeHealthPlanner.Observe(null, node, Lease("n1", T0), T0);
        var later = NodeHealthPlanner.Observe(first, node, Lease("n1", T0), T0.AddSeconds(51));
        Assert.Equal(T0, later.ProbeTime);
        Assert.True(NodeHealthPlanner.IsStale(later, T0.AddSeconds(51), Grace));
    }

    [Fact]
    public void Observe_NewReadyHeartbeatWithoutLease_MovesTheProbeTime()
    {
        var first = NodeHealthPlanner.Observe(null, Node(conditions: ("Ready", "True")), null, T0);
        var beat = Node(conditions: ("Ready", "True"));
        beat.Status.Conditions[0].LastHeartbeatTime = T0.UtcDateTime.AddSeconds(30);
        Assert.Equal(T0.AddSeconds(30), NodeHealthPlanner.Observe(first, beat, null, T0.AddSeconds(30)).ProbeTime);
    }

    [Fact]
    public void UnknownConditions_ReadyNode_AllKubeletConditionsGoUnknownWithUpstreamsReason()
    {
        var node = Node(conditions: [("Ready", "True"), ("MemoryPressure", "False"), ("NetworkUnavailable", "False")]);
        var conditions = NodeHealthPlanner.UnknownConditions(node, T0);

        Assert.NotNull(conditions);
        var ready = conditions.Single(c => c.Type == "Ready");
        Assert.Equal(("Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."), (ready.Status, ready.Reason, ready.Message));
        Assert.Equal(T0.UtcDateTime, ready.LastTransitionTime);
        Assert.Equal(T0.UtcDateTime, ready.LastHeartbeatTime);
        Assert.Equal("Unknown", conditions.Single(c => c.Type == "MemoryPressure").Status);
        Assert.Equal("False", conditions.Single(c => c.Type == "NetworkUnavailable").Status);
        var missing = conditions.Single(c => c.Type == "DiskPressure");
        Assert.Equal(("Unknown", "NodeStatusNeverUpdated", "Kubelet never posted node status."), (missing.Status, missing.Reason, missing.Message));
        Assert.Equal(node.Metadata.CreationTimestamp, missing.LastHeartbeatTime);
        Assert.Equal("True", node.Status.Conditions[0].Status);
    }

    [Fact]
    public void UnknownConditions_AlreadyUnknown_ChangesNothing()
    {
        var node = Node(conditions: [("Ready", "Unknown"), ("MemoryPressure", "Unknown"), ("DiskPressure", "Unknown"), ("PIDPressure", "Unknown")]);
        Assert.Null(NodeHealthPlanner.UnknownConditions(node, T0));
    }
}
