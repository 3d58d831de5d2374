using Everynode.Controllers.DaemonSets;
using k8s;
using k8s.Models;

namespace Everynode.Controllers.Tests.DaemonSets.Controller;

/// <summary>The controller against a real (in-process) API server: nodes and DaemonSets created through the API.</summary>
public sealed class DaemonSetControllerIntegrationTests(DaemonSetControllerFixture server) : IClassFixture<DaemonSetControllerFixture>
{
    private static V1DaemonSet NewDaemonSet(string scope) => new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta { Name = "agent" },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "agent" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
                Spec = new V1PodSpec
                {
                    NodeSelector = new Dictionary<string, string> { ["scope"] = scope },
                    Containers = [new V1Container { Name = "agent", Image = "busybox" }],
                },
            },
        },
    };

    private async Task<IList<V1Pod>> PodsAsync(string ns) =>
        (await server.Client.CoreV1.ListNamespacedPodAsync(ns)).Items;

    private async Task<List<string>> PinnedNodesAsync(string ns) =>
        [.. (await PodsAsync(ns)).Where(p => p.Metadata.DeletionTimestamp is null)
            .Select(p => DaemonPodNodeAffinity.GetTargetNodeName(p)!).Order(StringComparer.Ordinal)];

    private async Task<bool> StatusIsAsync(string ns, int desired, int current)
    {
        var ds = await server.Client.AppsV1.ReadNamespacedDaemonSetAsync("agent", ns);
        return ds.Status?.DesiredNumberScheduled == desired && ds.Status.CurrentNumberScheduled == current
            && ds.Status.ObservedGeneration == ds.Metadata.Generation;
    }

    [Fact]
    public async Task NewDaemonSet_CreatesOnePinnedPodPerNodeAndReportsStatus()
    {
        var ns = await server.NewScopeAsync();
        await server.CreateNodeAsync($"{ns}-a", ns);
        await server.CreateNodeAsync($"{ns}-b", ns);

        var ds = await server.Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet(ns), ns);

        await Eventually.TrueAsync(async () => (await PinnedNodesAsync(ns)).Count == 2, "two daemon pods");
        Assert.Equal([$"{ns}-a", $"{ns}-b"], await PinnedNodesAsync(ns));
        foreach (var pod in await PodsAsync(ns))
        {
            Assert.StartsWith("agent-", pod.Metadata.Name, StringComparison.Ordinal);
            Assert.Equal(ds.Metadata.Uid, Assert.Single(pod.Metadata.OwnerReferences).Uid);
            Assert.Contains(pod.Spec.Tolerations, t => t.Key == "node.kubernetes.io/unschedulable");
        }

        await Eventually.TrueAsync(() => StatusIsAsync(ns, 2, 2), "status desired 2, current 2");
        var revisions = (await server.Client.AppsV1.ListNamespacedControllerRevisionAsync(ns)).Items;
        Assert.Equal(1, Assert.Single(revisions).Revision);
        await Eventually.TrueAsync(
            async () => (await server.Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Count(e => e.Reason == "SuccessfulCreate") == 2,
            "two SuccessfulCreate events");
    }

    [Fact]
    public async Task NodeAddedLater_GetsAPod()
    {
        var ns = await server.NewScopeAsync();
        await server.CreateNodeAsync($"{ns}-a", ns);
        await server.Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet(ns), ns);
        await Eventually.TrueAsync(() => StatusIsAsync(ns, 1, 1), "one daemon pod");

        await server.CreateNodeAsync($"{ns}-late", ns);

        await Eventually.TrueAsync(async () => (await PinnedNodesAsync(ns)).Count == 2, "a pod for the new node");
        Assert.Equal([$"{ns}-a", $"{ns}-late"], await PinnedNodesAsync(ns));
        await Eventually.TrueAsync(() => StatusIsAsync(ns, 2, 2), "status desired 2, current 2");
    }

    [Fact]
    public async Task NodeRelabelledOutOfNodeSelector_LosesItsPod()
    {
        var ns = await server.NewScopeAsync();
        await server.CreateNodeAsync($"{ns}-a", ns);
        await server.CreateNodeAsync($"{ns}-b", ns);
        await server.Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet(ns), ns);
        await Eventually.TrueAsync(() => StatusIsAsync(ns, 2, 2), "two daemon pods");

        await server.Client.CoreV1.PatchNodeAsync(
            new V1Patch($"{{\"metadata\":{{\"labels\":{{\"scope\":\"elsewhere\"}}}}}}", V1Patch.PatchType.MergePatch), $"{ns}-b");

        await Eventually.TrueAsync(async () => (await PinnedNodesAsync(ns)).Count == 1, "the relabelled node's pod deleted");
        Assert.Equal([$"{ns}-a"], await PinnedNodesAsync(ns));
        await Eventually.TrueAsync(() => StatusIsAsync(ns, 1, 1), "status desired 1, current 1");
    }

    [Fact]
    public async Task DeletedDaemonPod_IsReplaced()
    {
        var ns = await server.NewScopeAsync();
        await server.CreateNodeAsync($"{ns}-a", ns);
        await server.Client.AppsV1.CreateNamespacedDaemonSetAsync(NewDaemonSet(ns), ns);
        await Eventually.TrueAsync(async () => (await PinnedNodesAsync(ns)).Count == 1, "one daemon pod");
        var first = (await PodsAsync(ns))[0].Metadata.Name;

        await server.Client.CoreV1.DeleteNamespacedPodAsync(first, ns);

        await Eventually.TrueAsync(
            async () => (await PodsAsync(ns)) is [var only] && only.Metadata.Name != first, "a replacement pod");
    }
}
