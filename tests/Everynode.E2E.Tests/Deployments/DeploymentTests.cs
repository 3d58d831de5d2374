using Everynode.E2E.Tests.Harness;
using Everynode.E2E.Tests.Placement;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Deployments;

/// <summary>
/// Deployments next to DaemonSets through the real kubectl and binary, with a <see cref="FakeKubelet"/> running the
/// pods: replicas spread over nodes, scale, a node that joins, rolling update and undo, drain.
/// </summary>
public sealed class DeploymentTests : PlacementTestBase
{
    private static readonly string[] FiveNodes = ["node-0", "node-1", "node-2", "node-3", "node-4"];

    private Task<CommandResult> KubectlAsync(params string[] args) => Server.Kubectl.SucceedAsync(["-n", Namespace, .. args]);

    private async Task<List<V1Pod>> WebPodsAsync() =>
        (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app=web")).Items.Where(p => p.Metadata.DeletionTimestamp is null).ToList();

    private Task WaitForWebPodsAsync(int count, Func<List<V1Pod>, bool>? also = null) =>
        WaitForAsync($"{count} running web pods", async () =>
        {
            var pods = await WebPodsAsync();
            return pods.Count == count && pods.All(IsAvailable) && (also?.Invoke(pods) ?? true);
        }, async () => string.Join("\n", (await WebPodsAsync()).Select(p => $"{p.Metadata.Name} {p.Spec.NodeName} {p.Status?.Phase}")));

    private Task WaitForDeploymentAsync(int replicas) =>
        WaitForAsync($"deployment web {replicas}/{replicas} up to date and available", async () =>
            (await Client.AppsV1.ReadNamespacedDeploymentAsync("web", Namespace)) is { Status: { } s } d
            && s.ObservedGeneration == d.Metadata.Generation
            && s.UpdatedReplicas == replicas && s.AvailableReplicas == replicas && s.Replicas == replicas,
            async () => KubernetesJson.Serialize((await Client.AppsV1.ReadNamespacedDeploymentAsync("web", Namespace)).Status));

    [Fact]
    public async Task CreateDeployment_ThreeReplicasOnFiveNodes_SpreadThenScaleThenANodeJoins()
    {
        await CreateRunningNodesAsync(FiveNodes);
        await KubectlAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=3", "--", "sleep", "3600");
        await WaitForWebPodsAsync(3, pods => pods.Select(p => p.Spec.NodeName).Distinct().Count() == 3);
        await WaitForDeploymentAsync(3);

        var row = (await KubectlAsync("get", "deploy", "web", "--no-headers")).Stdout;
        Assert.Matches(@"^web\s+3/3\s+3\s+3\s+", row);
        var rs = (await KubectlAsync("get", "rs", "--no-headers")).Stdout;
        Assert.Matches(@"^web-[a-z0-9]+\s+3\s+3\s+3\s+", rs);

        Assert.Equal("deployment.apps/web scaled", (await KubectlAsync("scale", "deployment", "web", "--replicas=5")).Stdout.Trim());
        await WaitForWebPodsAsync(5, pods => pods.Select(p => p.Spec.NodeName).Distinct().Count() == 5);
        await WaitForDeploymentAsync(5);

        // The contrast: a DaemonSet covers the sixth node at once, the Deployment does not move.
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", FiveNodes);
        await CreateRunningNodesAsync("node-5");
        await WaitForRunningOnNodesAsync("daemon-set", [.. FiveNodes, "node-5"]);
        var pods = await WebPodsAsync();
        Assert.Equal(5, pods.Count);
        Assert.DoesNotContain(pods, p => p.Spec.NodeName == "node-5");

        var all = (await KubectlAsync("get", "all")).Stdout;
        Assert.Contains("deployment.apps/web", all);
        Assert.Contains("daemonset.apps/daemon-set", all);
        Assert.Matches(@"replicaset\.apps/web-[a-z0-9]+\s+5\s+5\s+5", all);
    }

    [Fact]
    public async Task SetImage_RollsOut_HistoryShowsTwoRevisions_UndoGoesBack()
    {
        await CreateRunningNodesAsync("node-0", "node-1", "node-2");
        await KubectlAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=3", "--", "sleep", "3600");
        await WaitForDeploymentAsync(3);
        var first = (await KubectlAsync("rollout", "status", "deployment/web", "--timeout=25s")).Stdout;
        Assert.Contains("deployment \"web\" successfully rolled out", first);

        await KubectlAsync("set", "image", "deploy/web", "busybox=busybox:1.37");
        var status = (await KubectlAsync("rollout", "status", "deployment/web", "--timeout=25s")).Stdout;
        Assert.Contains("deployment \"web\" successfully rolled out", status);
        await WaitForWebPodsAsync(3, pods => pods.All(p => p.Spec.Containers[0].Image == "busybox:1.37"));
        var replicaSets = (await Client.AppsV1.ListNamespacedReplicaSetAsync(Namespace)).Items;
        Assert.Equal(2, replicaSets.Count);
        Assert.Equal(["1", "2"], replicaSets.Select(r => r.Metadata.Annotations["deployment.kubernetes.io/revision"]).Order());
        Assert.All(replicaSets, r => Assert.Equal(r.Metadata.Labels["pod-template-hash"], r.Spec.Selector.MatchLabels["pod-template-hash"]));
        var events = (await KubectlAsync("get", "events", "--field-selector", "reason=ScalingReplicaSet", "-o", "jsonpath={.items[*].message}")).Stdout;
        Assert.Contains("Scaled up replica set web-", events);
        Assert.Contains(" from 0 to 1", events);
        Assert.Contains("Scaled down replica set web-", events);

        var history = (await KubectlAsync("rollout", "history", "deployment/web")).Stdout;
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\s+1\s+<none>\s+2\s+<none>", history);

        Assert.Equal("deployment.apps/web rolled back", (await KubectlAsync("rollout", "undo", "deployment/web")).Stdout.Trim());
        await KubectlAsync("rollout", "status", "deployment/web", "--timeout=25s");
        await WaitForWebPodsAsync(3, pods => pods.All(p => p.Spec.Containers[0].Image == "busybox:1.36"));
        var history2 = (await KubectlAsync("rollout", "history", "deployment/web")).Stdout;
        Assert.Matches(@"2\s+<none>\s+3\s+<none>", history2);
    }

    [Fact]
    public async Task Recreate_StopsEveryOldPodBeforeTheNewOnesStart()
    {
        await CreateRunningNodesAsync("node-0", "node-1");
        await KubectlAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=2", "--", "sleep", "3600");
        await WaitForDeploymentAsync(2);
        await KubectlAsync("patch", "deployment", "web", "--type=merge", "-p", """{"spec":{"strategy":{"type":"Recreate","rollingUpdate":null}}}""");
        await KubectlAsync("set", "image", "deploy/web", "busybox=busybox:1.37");
        await KubectlAsync("rollout", "status", "deployment/web", "--timeout=25s");
        await WaitForWebPodsAsync(2, pods => pods.All(p => p.Spec.Containers[0].Image == "busybox:1.37"));
        // Event timestamps have one-second resolution, so order by the store's revision instead.
        var scaling = (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: "reason=ScalingReplicaSet")).Items;
        var events = string.Join("\n", scaling.OrderBy(e => long.Parse(e.Metadata.ResourceVersion)).Select(e => e.Message));
        Assert.Contains("from 2 to 0", events);
        Assert.True(events.IndexOf("from 2 to 0", StringComparison.Ordinal) < events.LastIndexOf("from 0 to 2", StringComparison.Ordinal), events);
    }

    [Fact]
    public async Task Drain_MovesDeploymentPodsElsewhere_DaemonPodStays()
    {
        await CreateRunningNodesAsync("node-0", "node-1", "node-2");
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "node-0", "node-1", "node-2");
        await KubectlAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=3", "--", "sleep", "3600");
        await WaitForWebPodsAsync(3, pods => pods.Select(p => p.Spec.NodeName).Distinct().Count() == 3);
        var daemonPod = (await DaemonPodsAsync()).Single(p => p.Spec.NodeName == "node-1");

        var drained = await Server.Kubectl.SucceedAsync("drain", "node-1", "--ignore-daemonsets", "--timeout=25s");
        Assert.Contains("node/node-1 drained", drained.Stdout);
        await WaitForWebPodsAsync(3, pods => pods.All(p => p.Spec.NodeName != "node-1"));
        Assert.Contains(await DaemonPodsAsync(), p => p.Metadata.Uid == daemonPod.Metadata.Uid && p.Metadata.DeletionTimestamp is null);
    }

    [Fact]
    public async Task DeleteDeployment_RemovesItsReplicaSetsAndPods()
    {
        await CreateRunningNodesAsync("node-0");
        await KubectlAsync("create", "deployment", "web", "--image=busybox:1.36", "--replicas=2", "--", "sleep", "3600");
        await WaitForWebPodsAsync(2);
        await KubectlAsync("delete", "deployment", "web");
        await WaitForAsync("replica sets and pods gone", async () =>
            (await Client.AppsV1.ListNamespacedReplicaSetAsync(Namespace)).Items.Count == 0
            && (await Client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app=web")).Items.Count == 0);
    }
}
