using Everynode.E2E.Tests.Harness;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Placement;

/// <summary>
/// The DaemonSet controller does not look at resources (§7), so it creates the pod; the scheduler's NodeResourcesFit
/// rejects the one node it is pinned to (§13) and the pod stays Pending.
/// </summary>
public sealed class ResourceFitPlacementTests : PlacementTestBase
{
    [Fact]
    public async Task NodeTooSmallForTheRequests_PodStaysPending_WithFailedSchedulingAndFailedPlacementEvents()
    {
        await ClusterNodes.CreateReadyNodeAsync(Client, "tiny-0", cpu: "100m");
        StartKubelet("tiny-0");
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.Containers[0].Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m") },
        };
        await CreateDaemonSetAsync(ds);

        await WaitForAsync("a FailedScheduling event on the daemon pod", async () =>
            (await DaemonPodsAsync()).SingleOrDefault() is { } pod && (await EventsAsync("Pod", pod.Metadata.Name)).Any(e =>
                e is { Type: "Warning", Reason: "FailedScheduling" } && e.Message.StartsWith("0/1 nodes are available: 1 Insufficient cpu.", StringComparison.Ordinal)));
        await WaitForAsync("a Warning FailedPlacement event on the DaemonSet naming the node", async () =>
            (await EventsAsync("DaemonSet", "daemon-set")).Any(e => e is { Type: "Warning", Reason: "FailedPlacement" } && e.Message.Contains("\"tiny-0\"", StringComparison.Ordinal)));
        await WaitForAsync("status desired 1, current 1, ready 0", async () =>
            (await ReadDaemonSetAsync()).Status is { DesiredNumberScheduled: 1, CurrentNumberScheduled: 1, NumberReady: 0 });

        var stuck = Assert.Single(await DaemonPodsAsync());
        Assert.Equal("Pending", stuck.Status?.Phase);
        Assert.True(string.IsNullOrEmpty(stuck.Spec.NodeName));
        Assert.Contains(stuck.Status?.Conditions ?? [], c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" });
    }

    private async Task<IList<Corev1Event>> EventsAsync(string kind, string name) =>
        (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: $"involvedObject.kind={kind},involvedObject.name={name}")).Items;
}
