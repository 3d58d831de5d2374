using Everynode.Api.Models;
using Everynode.Scheduler.Tests.Infrastructure;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Scheduling;

/// <summary>The scheduling and binding cycles, driven step by step against seeded caches and a recording binder.</summary>
public sealed class SchedulerCycleTests
{
    private const string NoCpuMessage =
        "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";

    [Fact]
    public async Task Schedule_PendingPod_BindsItAndRecordsScheduled()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a"));
        h.AddPod(Make.Pod("web", cpu: "1"));

        await h.DrainAsync();

        Assert.Equal(["bind default/web node-a"], h.Binder.Writes);
        Assert.Equal(["Normal Scheduled default/web: Successfully assigned default/web to node-a"], h.Recorder.EventsWithObject);
    }

    [Fact]
    public async Task Schedule_DaemonPodPinnedToNodeB_BindsToNodeB()
    {
        var h = ThreeNodes();
        h.AddPod(Make.Pod("ds-x", cpu: "100m").PinnedTo("node-b"));

        await h.DrainAsync();

        Assert.Equal(["bind default/ds-x node-b"], h.Binder.Writes);
    }

    [Fact]
    public async Task Schedule_NoNodeFits_RecordsFailedSchedulingSetsUnschedulableAndParksThePod()
    {
        var h = ThreeNodes();
        h.AddPod(Make.Pod("big", cpu: "64"));

        await h.DrainAsync();

        Assert.Equal([$"condition default/big False Unschedulable: {NoCpuMessage}"], h.Binder.Writes);
        Assert.Equal([$"Warning FailedScheduling default/big: {NoCpuMessage}"], h.Recorder.EventsWithObject);
        Assert.True(h.Scheduler.IsUnschedulable("default/big"));
    }

    [Fact]
    public async Task Schedule_UnschedulablePod_IsBoundWhenABiggerNodeJoins()
    {
        var h = ThreeNodes();
        h.AddPod(Make.Pod("big", cpu: "64"));
        await h.DrainAsync();

        h.AddNode(Make.Node("node-huge", cpu: "128"));
        h.Time.Advance(TimeSpan.FromSeconds(1)); // the first attempt's backoff
        await h.DrainAsync();

        Assert.Equal("bind default/big node-huge", h.Binder.Writes[^1]);
    }

    [Fact]
    public async Task Schedule_StatusOnlyUpdateOfParkedPod_DoesNotRetryIt()
    {
        var h = ThreeNodes();
        var pod = h.AddPod(Make.Pod("big", cpu: "64"));
        await h.DrainAsync();

        var withCondition = ModelCopy.Clone(pod);
        withCondition.Metadata.ResourceVersion = "2";
        withCondition.Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = NoCpuMessage }] };
        h.UpdatePod(withCondition);

        Assert.True(h.Scheduler.IsUnschedulable("default/big"));
    }

    [Fact]
    public async Task Schedule_ConditionAlreadyShowsTheFailure_IsNotWrittenAgain()
    {
        var h = ThreeNodes();
        var pod = Make.Pod("big", cpu: "64");
        pod.Status = new V1PodStatus { Conditions = [new V1PodCondition { Type = "PodScheduled", Status = "False", Reason = "Unschedulable", Message = NoCpuMessage }] };
        h.AddPod(pod);

        await h.DrainAsync();

        Assert.Empty(h.Binder.Writes);
        Assert.Single(h.Recorder.EventsWithObject);
    }

    [Fact]
    public async Task Schedule_AssumedPodsTakeRoomBeforeTheirBindingsAreSeen()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", cpu: "4"));
        h.AddNode(Make.Node("node-b", cpu: "4"));
        h.AddPod(Make.Pod("p1", cpu: "3"));
        h.AddPod(Make.Pod("p2", cpu: "3"));

        await h.DrainAsync();

        Assert.Equal(["bind default/p1 node-a", "bind default/p2 node-b"], h.Binder.Binds.Order());
    }

    [Fact]
    public async Task Schedule_CordonedNode_IsSkipped()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", change: n => n.Spec.Unschedulable = true));
        h.AddNode(Make.Node("node-b"));
        h.AddPod(Make.Pod("web", cpu: "1"));

        await h.DrainAsync();

        Assert.Equal(["bind default/web node-b"], h.Binder.Writes);
    }

    [Fact]
    public async Task Schedule_PodsOfAnotherSchedulerOrBeingDeleted_AreLeftAlone()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a"));
        h.AddPod(Make.Pod("other", change: p => p.Spec.SchedulerName = "my-scheduler"));
        h.AddPod(Make.Pod("leaving", change: p => p.Metadata.DeletionTimestamp = DateTime.UtcNow));

        await h.DrainAsync();

        Assert.Empty(h.Binder.Writes);
        Assert.Empty(h.Recorder.EventsWithObject);
    }

    [Fact]
    public async Task Schedule_PodDeletedBeforeItsTurn_IsSkipped()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a"));
        var pod = h.AddPod(Make.Pod("gone"));
        h.Pods.Cache.Unseed(pod); // the informer saw the delete; its handler has not run yet

        await h.DrainAsync();

        Assert.Empty(h.Binder.Writes);
    }

    [Fact]
    public async Task Bind_Rejected_ForgetsTheAssumedPodReportsAndRetriesAfterBackoff()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a", cpu: "4"));
        h.Binder.FailOnce.Add("default/p1");
        h.AddPod(Make.Pod("p1", cpu: "3"));

        await h.DrainAsync();

        const string rejected = "running Bind plugin \"DefaultBinder\": pod p1 is being bound elsewhere";
        Assert.Equal(["bind-failed default/p1 node-a", $"condition default/p1 False SchedulerError: {rejected}"], h.Binder.Writes);
        Assert.Equal([$"Warning FailedScheduling default/p1: {rejected}"], h.Recorder.EventsWithObject);
        Assert.True(h.Scheduler.IsBackingOff("default/p1"));

        // The forgotten pod holds no room: another pod fits where it was assumed.
        h.AddPod(Make.Pod("p2", cpu: "3"));
        await h.DrainAsync();
        Assert.Equal("bind default/p2 node-a", h.Binder.Writes[^1]);
    }

    [Fact]
    public async Task Bind_Rejected_IsRetriedWhenTheBackoffEnds()
    {
        var h = new SchedulerHarness();
        h.AddNode(Make.Node("node-a"));
        h.Binder.FailOnce.Add("default/p1");
        h.AddPod(Make.Pod("p1"));
        await h.DrainAsync();

        h.Time.Advance(TimeSpan.FromSeconds(1));
        await h.DrainAsync();

        Assert.Equal("bind default/p1 node-a", h.Binder.Writes[^1]);
        Assert.Equal("Normal Scheduled default/p1: Successfully assigned default/p1 to node-a", h.Recorder.EventsWithObject[^1]);
    }

    private static SchedulerHarness ThreeNodes()
    {
        var h = new SchedulerHarness();
        foreach (var name in new[] { "node-a", "node-b", "node-c" })
        {
            h.AddNode(Make.Node(name, cpu: "4"));
        }

        return h;
    }
}
