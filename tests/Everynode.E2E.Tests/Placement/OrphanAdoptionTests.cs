using k8s;

namespace Everynode.E2E.Tests.Placement;

/// <summary>§12: <c>--cascade=orphan</c> strips the ownerReferences, and a new DaemonSet with the same selector adopts the pods as they are.</summary>
public sealed class OrphanAdoptionTests : PlacementTestBase
{
    [Fact]
    public async Task DeleteWithCascadeOrphan_LeavesPodsUnowned_ANewDaemonSetAdoptsThemWithoutNewPods()
    {
        await CreateRunningNodesAsync("orphan-0", "orphan-1");
        var first = await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "orphan-0", "orphan-1");
        await WaitForStatusCheckAsync("daemon-set", 2);
        var before = (await DaemonPodsAsync()).Select(p => (p.Metadata.Name, p.Metadata.Uid)).Order().ToList();

        await Server.Kubectl.SucceedAsync("delete", "ds", "daemon-set", "-n", Namespace, "--cascade=orphan");
        await WaitForAsync("the DaemonSet to be gone and its pods to have no ownerReferences", async () =>
            (await Client.AppsV1.ListNamespacedDaemonSetAsync(Namespace)).Items.Count == 0
            && (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items is { Count: 2 } pods
            && pods.All(p => p.Metadata.OwnerReferences is null or { Count: 0 } && p.Metadata.DeletionTimestamp is null));

        var second = await CreateDaemonSetAsync(NewDaemonSet());
        Assert.NotEqual(first.Metadata.Uid, second.Metadata.Uid);
        await WaitForAsync("the new DaemonSet to adopt both pods", async () =>
            (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items is { Count: 2 } pods
            && pods.All(p => p.Metadata.OwnerReferences?.SingleOrDefault(o => o.Controller == true)?.Uid == second.Metadata.Uid));
        await WaitForStatusCheckAsync("daemon-set", 2);
        await WaitForAsync("the new DaemonSet's status to be observed", async () =>
            (await ReadDaemonSetAsync()).Status is { ObservedGeneration: 1, UpdatedNumberScheduled: 2, NumberAvailable: 2 });

        var after = (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Select(p => (p.Metadata.Name, p.Metadata.Uid)).Order().ToList();
        Assert.Equal(before, after);
        var creates = (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: $"involvedObject.uid={second.Metadata.Uid}")).Items
            .Where(e => e.Reason == "SuccessfulCreate").ToList();
        Assert.Empty(creates);
    }
}
