using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Placement;

/// <summary>The seven status counters and observedGeneration (§11), checked at each step of a small scenario.</summary>
public sealed class DaemonSetStatusCounterTests : PlacementTestBase
{
    [Fact]
    public async Task StatusCounters_FollowPodsReadinessTaintsAndTemplateUpdates()
    {
        await Harness.ClusterNodes.CreateReadyNodeAsync(Client, "count-0");
        await Harness.ClusterNodes.CreateReadyNodeAsync(Client, "count-1");
        // OnDelete, so each step's updatedNumberScheduled is exact: pods take the new template only once deleted.
        var ds = NewDaemonSet();
        ds.Spec.UpdateStrategy = new V1DaemonSetUpdateStrategy { Type = "OnDelete" };
        await CreateDaemonSetAsync(ds);

        // No kubelet yet: the pods are bound but never become Ready.
        await WaitForStatusAsync(desired: 2, current: 2, ready: 0, available: 0, updated: 2, misscheduled: 0, observedGeneration: 1);

        StartKubelet("count-0", "count-1");
        await WaitForStatusAsync(desired: 2, current: 2, ready: 2, available: 2, updated: 2, misscheduled: 0, observedGeneration: 1);

        // An untolerated NoSchedule taint: no pod should run there, but the running one may continue (misscheduled).
        await Client.CoreV1.PatchNodeAsync(
            new V1Patch("""{"spec":{"taints":[{"key":"dedicated","value":"infra","effect":"NoSchedule"}]}}""", V1Patch.PatchType.MergePatch), "count-1");
        await WaitForStatusAsync(desired: 1, current: 1, ready: 1, available: 1, updated: 1, misscheduled: 1, observedGeneration: 1);

        // A template change: the pods are now out of date; deleting the eligible one brings the new template there.
        var patch = """{"spec":{"template":{"metadata":{"annotations":{"e2e/rev":"2"}}}}}""";
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), "daemon-set", Namespace);
        await WaitForStatusAsync(desired: 1, current: 1, ready: 1, available: 1, updated: 0, misscheduled: 1, observedGeneration: 2);
        await DeletePodOnNodeAsync("count-0");
        await WaitForStatusAsync(desired: 1, current: 1, ready: 1, available: 1, updated: 1, misscheduled: 1, observedGeneration: 2);

        // The taint goes: count-1 is eligible again, with its old pod.
        await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"spec":{"taints":null}}""", V1Patch.PatchType.MergePatch), "count-1");
        await WaitForStatusAsync(desired: 2, current: 2, ready: 2, available: 2, updated: 1, misscheduled: 0, observedGeneration: 2);
        await DeletePodOnNodeAsync("count-1");
        await WaitForStatusAsync(desired: 2, current: 2, ready: 2, available: 2, updated: 2, misscheduled: 0, observedGeneration: 2);
        await WaitForRunningOnNodesAsync("daemon-set", "count-0", "count-1");
        Assert.All(await DaemonPodsAsync(), p => Assert.Equal("2", p.Metadata.Annotations?["e2e/rev"]));
    }

    private async Task DeletePodOnNodeAsync(string node)
    {
        var pod = (await DaemonPodsAsync()).Single(p => p.Spec.NodeName == node && p.Metadata.DeletionTimestamp is null);
        await Client.CoreV1.DeleteNamespacedPodAsync(pod.Metadata.Name, Namespace);
    }

    private Task WaitForStatusAsync(int desired, int current, int ready, int available, int updated, int misscheduled, long observedGeneration)
    {
        var expected = $"desired={desired} current={current} ready={ready} available={available} updated={updated} misscheduled={misscheduled} observedGeneration={observedGeneration}";
        return WaitForAsync($"status {expected}",
            async () => Format((await ReadDaemonSetAsync()).Status) == expected,
            async () => $"actual: {Format((await ReadDaemonSetAsync()).Status)}");
    }

    private static string Format(V1DaemonSetStatus? s) =>
        s is null ? "no status"
            : $"desired={s.DesiredNumberScheduled} current={s.CurrentNumberScheduled} ready={s.NumberReady} available={s.NumberAvailable ?? 0} "
              + $"updated={s.UpdatedNumberScheduled ?? 0} misscheduled={s.NumberMisscheduled} observedGeneration={s.ObservedGeneration}";
}
