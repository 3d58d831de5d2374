using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Tests.Framework;

public class NodeInfoTests
{
    [Fact]
    public void AddPod_AddsRequestsAndPorts_RemovePodTakesThemAway()
    {
        var info = Make.Info(Make.Node("n1"));
        info.AddPod(Make.Pod("a", "500m", "1Gi").WithHostPort(8080));
        info.AddPod(Make.Pod("b", "250m"));

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
        var info = Make.Info(Make.Node("n1"));
        info.AddPod(Make.Pod("a", "500m"));
        info.AddPod(Make.Pod("a", "500m"));
        Assert.Single(info.Pods);
        Assert.Equal(500, info.Requested.MilliCpu);
    }

    [Fact]
    public void Allocatable_IsReadFromNodeStatus()
    {
        var info = Make.Info(Make.Node("n1", cpu: "3500m", memory: "2Gi", pods: "10"));
        Assert.Equal(3500, info.Allocatable.MilliCpu);
        Assert.Equal(2L * 1024 * 1024 * 1024, info.Allocatable.Memory);
        Assert.Equal(10, info.Allocatable.AllowedPodNumber);
    }

    [Fact]
    public void Clone_ChangesDoNotReachTheOriginal()
    {
        var info = Make.Info(Make.Node("n1"), Make.Pod("a", "1").WithHostPort(80));
        var clone = info.Clone();
        clone.RemovePod("default/a");
        Assert.Single(info.Pods);
        Assert.Equal(1000, info.Requested.MilliCpu);
        Assert.Equal(1, info.UsedPorts.Count);
    }

    [Fact]
    public void Snapshot_GroupsPodsByNodeAndLeavesOutTerminalPodsAndUnknownNodes()
    {
        var snapshot = Snapshot.Create(
            [Make.Node("n1"), Make.Node("n2")],
            [
                Make.Pod("a", "1").OnNode("n1"),
                Make.Pod("done", "1", change: p => p.Status = new() { Phase = "Succeeded" }).OnNode("n1"),
                Make.Pod("b", "1").OnNode("gone"),
                Make.Pod("pending", "1"),
            ]);
        Assert.Single(snapshot.Get("n1")!.Pods);
        Assert.Empty(snapshot.Get("n2")!.Pods);
        Assert.Equal(2, snapshot.Count);
    }

    [Fact]
    public void Snapshot_Assume_MakesTheNodeLookTakenUntilForgotten()
    {
        var snapshot = Snapshot.Create([Make.Node("n1", cpu: "1")], []);
        var pod = Make.Pod("a", "1");
        Assert.True(snapshot.Assume(pod, "n1"));
        Assert.Equal(1000, snapshot.Get("n1")!.Requested.MilliCpu);
        Assert.True(snapshot.Forget(pod, "n1"));
        Assert.Equal(0, snapshot.Get("n1")!.Requested.MilliCpu);
    }
}
