using Everynode.Api.Models;
using Everynode.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Scheduling;

/// <summary>Informer events: which ones keep the cache current and which ones send parked pods back to the queue.</summary>
public sealed class SchedulerEventHandlerTests
{
    [Fact]
    public async Task AssignedPodDeleted_RetriesParkedPodsThatNowFit()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", cpu: "4"));
        var running = h.AddPod(Make.Pod("running", cpu: "3").OnNode("node-a"));
        h.AddPod(Make.Pod("waiting", cpu: "2"));
        await h.DrainAsync();
        Assert.True(h.Scheduler.IsUnschedulable("default/waiting"));

        h.DeletePod(running);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.DrainAsync();

        Assert.Equal("bind default/waiting node-a", h.Binder.Writes[^1]);
    }

    [Fact]
    public async Task AssignedPodFinished_FreesItsRoom()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", cpu: "4"));
        var job = h.AddPod(Make.Pod("job", cpu: "3").OnNode("node-a"));
        h.AddPod(Make.Pod("waiting", cpu: "2"));
        await h.DrainAsync();

        var done = ModelCopy.Clone(job);
        done.Status = new V1PodStatus { Phase = "Succeeded" };
        h.UpdatePod(done);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.DrainAsync();

        Assert.Equal("bind default/waiting node-a", h.Binder.Writes[^1]);
    }

    [Fact]
    public async Task NodeUncordoned_RetriesParkedPods()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", change: n => n.Spec.Unschedulable = true));
        h.AddPod(Make.Pod("web"));
        await h.DrainAsync();
        Assert.True(h.Scheduler.IsUnschedulable("default/web"));

        h.UpdateNode(Make.Node("node-a"));
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.DrainAsync();

        Assert.Equal("bind default/web node-a", h.Binder.Writes[^1]);
    }

    [Fact]
    public async Task NodeHeartbeat_LeavesParkedPodsParked()
    {
        var h = new SchedulerHarness();
        var beat = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        h.AddNode(ReadyNode(beat));
        h.AddPod(Make.Pod("big", cpu: "2"));
        await h.DrainAsync();

        h.UpdateNode(ReadyNode(beat.AddSeconds(10)));

        Assert.True(h.Scheduler.IsUnschedulable("default/big"));
    }

    [Fact]
    public async Task NodeDeleted_IsNoLongerACandidate()
    {
        var h = new SchedulerHarness();
        var nodeA = Make.Node("node-a");
        h.AddNode(nodeA);
        h.Nodes.Cache.Unseed(nodeA);
        h.Scheduler.OnNodeDeleted(nodeA);
        h.AddPod(Make.Pod("web"));

        await h.DrainAsync();

        Assert.Equal(["condition default/web False SchedulerError: no nodes available to schedule pods"], h.Binder.Writes);
        Assert.True(h.Scheduler.IsBackingOff("default/web"));
    }

    [Fact]
    public async Task PodsBoundBeforeTheirNodeIsSeen_CountWhenTheNodeArrives()
    {
        var h = new SchedulerHarness();
        h.AddPod(Make.Pod("running", cpu: "3").OnNode("node-a"));
        h.AddNode(Make.Node("node-a", cpu: "4"));
        h.AddPod(Make.Pod("waiting", cpu: "2"));

        await h.DrainAsync();

        Assert.True(h.Scheduler.IsUnschedulable("default/waiting"));
    }

    [Fact]
    public async Task BoundPodSeenByTheInformer_ConfirmsTheAssumedPodOnce()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", cpu: "4"));
        h.AddPod(Make.Pod("p1", cpu: "2"));
        await h.DrainAsync();
        h.ConfirmBindings();

        h.AddPod(Make.Pod("p2", cpu: "2"));
        h.AddPod(Make.Pod("p3", cpu: "2"));
        await h.DrainAsync();

        Assert.Equal(["bind default/p1 node-a", "bind default/p2 node-a"], h.Binder.Binds);
        Assert.True(h.Scheduler.IsUnschedulable("default/p3"));
    }

    [Fact]
    public async Task SpecChangeOfParkedPod_RetriesIt()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", cpu: "1"));
        h.AddPod(Make.Pod("resizable", cpu: "2"));
        await h.DrainAsync();

        var smaller = Make.Pod("resizable", cpu: "500m");
        h.UpdatePod(smaller);
        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.DrainAsync();

        Assert.Equal("bind default/resizable node-a", h.Binder.Writes[^1]);
    }

    private static V1Node ReadyNode(DateTime heartbeat) => Make.Node("node-a", cpu: "1", change: n => n.Status.Conditions =
        [new V1NodeCondition { Type = "Ready", Status = "True", LastHeartbeatTime = heartbeat }]);
}
