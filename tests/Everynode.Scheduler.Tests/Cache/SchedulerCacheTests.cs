using Everynode.Scheduler.Cache;

namespace Everynode.Scheduler.Tests.Cache;

public sealed class SchedulerCacheTests
{
    [Fact]
    public void NodeUpdate_KeepsThePodsOnIt()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Make.Node("node-a", cpu: "4"));
        cache.AddOrUpdatePod(Make.Pod("p", cpu: "1").OnNode("node-a"));

        cache.AddOrUpdateNode(Make.Node("node-a", cpu: "8"));

        Assert.Equal(1000, cache.Snapshot.Get("node-a")!.Requested.MilliCpu);
        Assert.Single(cache.Snapshot.Get("node-a")!.Pods);
    }

    [Fact]
    public void ForgetIfAssumed_UndoesAnAssumeButNotAConfirmedBinding()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Make.Node("node-a"));
        var p1 = Make.Pod("p1", cpu: "1");
        var p2 = Make.Pod("p2", cpu: "1");
        cache.Assume(p1, "node-a");
        cache.Assume(p2, "node-a");
        cache.AddOrUpdatePod(Make.Pod("p2", cpu: "1").OnNode("node-a")); // the informer confirms p2

        Assert.True(cache.ForgetIfAssumed("default/p1"));
        Assert.False(cache.ForgetIfAssumed("default/p2"));
        Assert.Equal(["default/p2"], cache.Snapshot.Get("node-a")!.Pods.Select(p => p.Key));
    }

    [Fact]
    public void RemovedNode_ComesBackWithItsPods()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Make.Node("node-a"));
        cache.AddOrUpdatePod(Make.Pod("p", cpu: "1").OnNode("node-a"));

        cache.RemoveNode("node-a");
        Assert.Null(cache.Snapshot.Get("node-a"));
        cache.AddOrUpdateNode(Make.Node("node-a"));

        Assert.Single(cache.Snapshot.Get("node-a")!.Pods);
    }

    [Fact]
    public void RemovePod_FreesItsRoom()
    {
        var cache = new SchedulerCache();
        cache.AddOrUpdateNode(Make.Node("node-a"));
        cache.AddOrUpdatePod(Make.Pod("p", cpu: "1").OnNode("node-a"));

        Assert.True(cache.RemovePod("default/p"));
        Assert.False(cache.RemovePod("default/p"));
        Assert.Equal(0, cache.Snapshot.Get("node-a")!.Requested.MilliCpu);
    }
}
