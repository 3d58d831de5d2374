using Everynode.Cli.Cluster;

namespace Everynode.E2E.Tests.Up;

/// <summary>Which nodes <c>up</c> adds, and the loopback address each one gets.</summary>
public sealed class LocalNodePlanTests
{
    private static readonly ClusterState Empty = new() { Runtime = ClusterSettings.SimulatedRuntime };

    [Fact]
    public void Candidates_CountFrom127_0_1_1_AndRollOverAfter254()
    {
        Assert.Equal("127.0.1.1", NodeAddresses.Candidate(1).ToString());
        Assert.Equal("127.0.1.254", NodeAddresses.Candidate(254).ToString());
        Assert.Equal("127.0.2.1", NodeAddresses.Candidate(255).ToString());
    }

    [Fact]
    public void Next_SkipsAddressesTheClusterHolds_AndThoseWhosePortIsTaken()
    {
        var next = NodeAddresses.Next(["127.0.1.1", "127.0.1.3"], 10250, (address, _) => address.ToString() != "127.0.1.2");

        Assert.Equal("127.0.1.4", next);
    }

    [Fact]
    public void WithRequestedNodes_AddsWorkersWithTheirOwnAddresses()
    {
        var state = UpCommandPlan(Empty, workers: 3, controlPlane: false);

        Assert.Equal(["worker-0", "worker-1", "worker-2"], state.Nodes.Select(n => n.Name));
        Assert.Equal(["127.0.1.1", "127.0.1.2", "127.0.1.3"], state.Nodes.Select(n => n.Ip));
        Assert.All(state.Nodes, n => Assert.Empty(n.Taints));
    }

    [Fact]
    public void WithRequestedNodes_ControlPlaneNode_IsLabelledAndTaintedAsUpstreams()
    {
        var state = UpCommandPlan(Empty, workers: 1, controlPlane: true);

        var controlPlane = Assert.Single(state.Nodes, n => n.Name == "control-plane");
        Assert.Equal(["node-role.kubernetes.io/control-plane="], controlPlane.Labels);
        Assert.Equal(["node-role.kubernetes.io/control-plane:NoSchedule"], controlPlane.Taints);
    }

    [Fact]
    public void WithRequestedNodes_KeepsNodesTheClusterHas_AndTheirAddresses()
    {
        var before = Empty.WithNode(new LocalNode { Name = "worker-0", Ip = "127.0.1.7" })
            .WithNode(new LocalNode { Name = "edge-1", Ip = "127.0.1.1", Labels = ["disk=ssd"] });

        var state = UpCommandPlan(before, workers: 2, controlPlane: false);

        Assert.Equal(["worker-0", "edge-1", "worker-1"], state.Nodes.Select(n => n.Name));
        Assert.Equal("127.0.1.7", state.FindNode("worker-0")!.Ip);
        Assert.Equal(["disk=ssd"], state.FindNode("edge-1")!.Labels);
        Assert.Equal("127.0.1.2", state.FindNode("worker-1")!.Ip);
    }

    [Fact]
    public void WithRequestedNodes_FewerWorkersThanTheClusterHas_RemovesNone()
    {
        var three = UpCommandPlan(Empty, workers: 3, controlPlane: false);

        Assert.Equal(3, UpCommandPlan(three, workers: 1, controlPlane: false).Nodes.Count);
    }

    private static ClusterState UpCommandPlan(ClusterState state, int workers, bool controlPlane) =>
        UpCommand.WithRequestedNodes(state, new ClusterSettings { DataDirectory = "/tmp/x", Workers = workers, ControlPlaneNode = controlPlane }, _ => true);

    [Fact]
    public void NodeReadiness_StatusLeftByAPreviousAgent_DoesNotCountForTheNewOne()
    {
        var started = new DateTimeOffset(2026, 11, 22, 18, 0, 0, 700, TimeSpan.Zero);
        var stale = new NodeReadiness(true, started.AddMinutes(-3));
        var fresh = new NodeReadiness(true, new DateTimeOffset(2026, 11, 22, 18, 0, 0, TimeSpan.Zero));

        Assert.False(stale.IsReadySince(started));
        Assert.True(fresh.IsReadySince(started), "condition times have whole seconds; the same second counts");
        Assert.False(new NodeReadiness(false, started.AddSeconds(5)).IsReadySince(started));
        Assert.True(stale.IsReadySince(null));
    }
}
