using Everynode.Api.Scheduling;
using static Everynode.Api.Tests.Scheduling.SchedulingObjects;

namespace Everynode.Api.Tests.Scheduling;

public class NodeInfoTests
{
    [Fact]
    public void AddPod_AddsRequestsAndPorts_RemovePodTakesThemAway()
    {
        var info = Info(Node());
        info.AddPod(Pod("a", "500m", "1Gi").WithHostPort(8080));
        info.AddPod(Pod("b", "250m"));

        Assert.Equal(750, info.Requested.MilliCpu);
        Assert.Equal(1024L * 1024 * 1024, info.Requested.Memory);
        Assert.Equal(2, info.Pods.Count);
        Assert.True(info.UsedPorts.Conflicts(HostPort.Normalize(null, null, 8080)));

        Assert.True(info.RemovePod("default/a"));
        Assert.Equal(250, info.Requested.MilliCpu);
        Assert.Equal(0, info.UsedPorts.Count);
        Assert.False(info.RemovePod("default/a"));
    }

    [Fact]
    public void AddPod_TheSamePodTwice_CountsItOnce()
    {
        var info = Info(Node());
        info.AddPod(Pod("a", "500m"));
        info.AddPod(Pod("a", "500m"));
        Assert.Single(info.Pods);
        Assert.Equal(500, info.Requested.MilliCpu);
    }

    [Fact]
    public void Allocatable_IsReadFromNodeStatus()
    {
        var info = Info(Node(cpu: "3500m", memory: "2Gi", pods: "10"));
        Assert.Equal(3500, info.Allocatable.MilliCpu);
        Assert.Equal(2L * 1024 * 1024 * 1024, info.Allocatable.Memory);
        Assert.Equal(10, info.Allocatable.AllowedPodNumber);
    }

    [Fact]
    public void Clone_ChangesDoNotReachTheOriginal()
    {
        var info = Info(Node(), Pod("a", "1").WithHostPort(80));
        var clone = info.Clone();
        clone.RemovePod("default/a");
        Assert.Single(info.Pods);
        Assert.Equal(1000, info.Requested.MilliCpu);
        Assert.Equal(1, info.UsedPorts.Count);
    }
}
