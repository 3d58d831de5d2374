using k8s.Models;

namespace Everynode.Scheduler.Tests.Integration;

/// <summary>The scheduler against a real (in-process) API server: bindings, events and the PodScheduled condition.</summary>
public sealed class SchedulerIntegrationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task PlainPod_IsBoundToANodeWithAScheduledEvent()
    {
        await using var cluster = await ThreeNodesAsync();

        var pod = await cluster.CreatePodAsync(Make.Pod("web", cpu: "500m"));

        var nodeName = await BoundNodeAsync(cluster, pod);
        Assert.Contains(nodeName, new[] { "node-a", "node-b", "node-c" });
        await Eventually.TrueAsync(
            async () => (await cluster.EventsAboutAsync(pod)).Contains($"Normal Scheduled default-scheduler: Successfully assigned default/web to {nodeName}"),
            "the Scheduled event",
            Timeout);
        var scheduled = (await cluster.GetPodAsync(pod)).Status.Conditions.Single(c => c.Type == "PodScheduled");
        Assert.Equal("True", scheduled.Status);
    }

    [Fact]
    public async Task DaemonPodWithMatchFields_IsBoundToItsNode()
    {
        await using var cluster = await ThreeNodesAsync();

        var pod = await cluster.CreatePodAsync(Make.Pod("ds-b", cpu: "100m").PinnedTo("node-b"));

        Assert.Equal("node-b", await BoundNodeAsync(cluster, pod));
    }

    [Fact]
    public async Task PodBiggerThanEveryNode_StaysPendingUntilABiggerNodeJoins()
    {
        await using var cluster = await ThreeNodesAsync();

        var pod = await cluster.CreatePodAsync(Make.Pod("big", cpu: "16"));

        const string message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
        await Eventually.TrueAsync(
            async () => (await cluster.GetPodAsync(pod)).Status?.Conditions?.Any(c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" } && c.Message == message) == true,
            "PodScheduled=False/Unschedulable",
            Timeout);
        await Eventually.TrueAsync(
            async () => (await cluster.EventsAboutAsync(pod)).Contains($"Warning FailedScheduling default-scheduler: {message}"),
            "the FailedScheduling event",
            Timeout);
        Assert.True(string.IsNullOrEmpty((await cluster.GetPodAsync(pod)).Spec.NodeName));

        await cluster.CreateNodeAsync("node-huge", cpu: "32");

        Assert.Equal("node-huge", await BoundNodeAsync(cluster, pod));
    }

    [Fact]
    public async Task CordonedNodes_AreSkipped()
    {
        await using var cluster = await InProcessCluster.StartAsync();
        await cluster.CreateNodeAsync("node-a", unschedulable: true);
        await cluster.CreateNodeAsync("node-b", unschedulable: true);
        await cluster.CreateNodeAsync("node-c");

        var pods = new List<V1Pod>();
        for (var i = 0; i < 5; i++)
        {
            pods.Add(await cluster.CreatePodAsync(Make.Pod($"web-{i}", cpu: "100m")));
        }

        foreach (var pod in pods)
        {
            Assert.Equal("node-c", await BoundNodeAsync(cluster, pod));
        }
    }

    private static async Task<InProcessCluster> ThreeNodesAsync()
    {
        var cluster = await InProcessCluster.StartAsync();
        foreach (var name in new[] { "node-a", "node-b", "node-c" })
        {
            await cluster.CreateNodeAsync(name);
        }

        return cluster;
    }

    private static async Task<string> BoundNodeAsync(InProcessCluster cluster, V1Pod pod)
    {
        string? nodeName = null;
        await Eventually.TrueAsync(
            async () => (nodeName = (await cluster.GetPodAsync(pod)).Spec.NodeName) is { Length: > 0 },
            $"{pod.Metadata.Name} bound",
            Timeout);
        return nodeName!;
    }
}
