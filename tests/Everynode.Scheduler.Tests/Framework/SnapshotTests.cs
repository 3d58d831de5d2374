using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Tests.Framework;

public class SnapshotTests
{
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
