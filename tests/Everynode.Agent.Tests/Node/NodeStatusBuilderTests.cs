using System.Net;
using Everynode.Agent.Node;
using k8s.Models;

namespace Everynode.Agent.Tests.Node;

public sealed class NodeStatusBuilderTests
{
    private static readonly DateTime T0 = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Capacity_IsReportedAsTheKubeletDoes_AndAllocatableKeepsTheEvictionReserve()
    {
        var capacity = NodeStatusBuilder.Capacity(4000, 8L << 30, 110, 100L << 30);
        Assert.Equal("4", capacity["cpu"].ToString());
        Assert.Equal(8m * 1024 * 1024 * 1024, capacity["memory"].ToDecimal());
        Assert.Equal("110", capacity["pods"].ToString());

        var allocatable = NodeStatusBuilder.Allocatable(1500, 8L << 30, 10, 100L << 30);
        Assert.Equal("1500m", allocatable["cpu"].ToString());
        Assert.Equal((8L << 30) - (100L << 20), (long)allocatable["memory"].ToDecimal());
        Assert.Equal((long)((100L << 30) * 0.9) / 1024 * 1024, (long)allocatable["ephemeral-storage"].ToDecimal());
    }

    [Fact]
    public void Conditions_HaveUpstreamsReasons_AndKeepTransitionTimesUntilTheyChange()
    {
        var first = NodeStatusBuilder.Conditions(NodePressure.None, ready: true, null, T0);
        Assert.Equal(
            ["MemoryPressure=False/KubeletHasSufficientMemory", "DiskPressure=False/KubeletHasNoDiskPressure", "PIDPressure=False/KubeletHasSufficientPID", "Ready=True/KubeletReady"],
            first.Select(c => $"{c.Type}={c.Status}/{c.Reason}"));

        var later = NodeStatusBuilder.Conditions(new NodePressure(Memory: true, Disk: false, Pid: false), ready: true, first, T0.AddMinutes(1));
        Assert.Equal(T0.AddMinutes(1), later.Single(c => c.Type == "MemoryPressure").LastTransitionTime);
        Assert.Equal("KubeletHasInsufficientMemory", later.Single(c => c.Type == "MemoryPressure").Reason);
        Assert.Equal(T0, later.Single(c => c.Type == "Ready").LastTransitionTime);
        Assert.Equal(T0.AddMinutes(1), later.Single(c => c.Type == "Ready").LastHeartbeatTime);
        Assert.True(NodeStatusBuilder.ConditionsChanged(first, later));
        Assert.False(NodeStatusBuilder.ConditionsChanged(later, NodeStatusBuilder.Conditions(new NodePressure(true, false, false), true, later, T0.AddMinutes(2))));
    }

    [Theory]
    [InlineData(50L << 20, 100L, 90L, 32768L, 100L, true, false, false)]
    [InlineData(1L << 30, 100L, 5L, 32768L, 100L, false, true, false)]
    [InlineData(1L << 30, 100L, 50L, 32768L, 32000L, false, false, true)]
    [InlineData(1L << 30, 100L, 50L, 32768L, 500L, false, false, false)]
    public void Pressure_UsesTheThresholds(long memAvailable, long diskTotal, long diskAvailable, long pidMax, long pids, bool memory, bool disk, bool pid) =>
        Assert.Equal(new NodePressure(memory, disk, pid), NodePressure.From(new HostReadings(8L << 30, memAvailable, diskTotal, diskAvailable, pidMax, pids)));

    [Fact]
    public void NewNode_CarriesTheWellKnownLabels_UserLabels_AndTaints()
    {
        var node = NodeStatusBuilder.NewNode(new AgentOptions
        {
            NodeName = "worker-3",
            NodeIP = IPAddress.Loopback,
            DataDirectory = "/tmp/x",
            ServingToken = "t",
            Labels = new Dictionary<string, string> { ["disk"] = "ssd" },
            Taints = [new V1Taint { Key = "k", Effect = "NoSchedule" }],
        }, "arm64");
        Assert.Equal("worker-3", node.Metadata.Labels["kubernetes.io/hostname"]);
        Assert.Equal("linux", node.Metadata.Labels["kubernetes.io/os"]);
        Assert.Equal("arm64", node.Metadata.Labels["kubernetes.io/arch"]);
        Assert.Equal("ssd", node.Metadata.Labels["disk"]);
        Assert.Equal("NoSchedule", Assert.Single(node.Spec.Taints).Effect);
    }
}
