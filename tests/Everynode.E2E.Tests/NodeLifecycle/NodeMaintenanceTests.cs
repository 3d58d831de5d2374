using System.Net;
using Everynode.E2E.Tests.Harness;
using Everynode.E2E.Tests.Placement;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.E2E.Tests.NodeLifecycle;

/// <summary>Pressure conditions, cordon, drain and disruption budgets through the real kubectl (daemonset-semantics §14, §16).</summary>
public sealed class NodeMaintenanceTests : PlacementTestBase
{
    [Fact]
    public async Task MemoryPressure_TaintsTheNode_DaemonPodsStillPlaced_PlainPodsNot()
    {
        await CreateRunningNodesAsync("pressed", "roomy");
        KubeletOf("pressed").SetCondition("pressed", "MemoryPressure", "True");
        await WaitForAsync("memory-pressure taint", async () =>
            (await Client.CoreV1.ReadNodeAsync("pressed")).Spec.Taints?.Any(t => t is { Key: "node.kubernetes.io/memory-pressure", Effect: "NoSchedule" }) == true);

        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "pressed", "roomy");
        await Client.CoreV1.CreateNamespacedPodAsync(LostNodeTests.PlainPod("plain", "pressed", tolerationSeconds: null), Namespace);
        await WaitForAsync("plain pod unschedulable", async () =>
            (await Client.CoreV1.ReadNamespacedPodAsync("plain", Namespace)).Status?.Conditions?.Any(c => c is { Type: "PodScheduled", Status: "False", Reason: "Unschedulable" }) == true);
        Assert.Null((await Client.CoreV1.ReadNamespacedPodAsync("plain", Namespace)).Spec.NodeName);

        KubeletOf("pressed").SetCondition("pressed", "MemoryPressure", "False");
        await WaitForAsync("taint gone and plain pod placed", async () =>
            (await Client.CoreV1.ReadNodeAsync("pressed")).Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/memory-pressure") != true
            && (await Client.CoreV1.ReadNamespacedPodAsync("plain", Namespace)).Spec.NodeName == "pressed");
    }

    [Fact]
    public async Task Cordon_ShowsSchedulingDisabled_DaemonPodStillLandsOnANewCordonedNode()
    {
        await CreateRunningNodesAsync("first");
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "first");

        Assert.Equal("node/first cordoned", (await Server.Kubectl.SucceedAsync("cordon", "first")).Stdout.Trim());
        await WaitForAsync("unschedulable taint", async () =>
            (await Client.CoreV1.ReadNodeAsync("first")).Spec.Taints?.Any(t => t is { Key: "node.kubernetes.io/unschedulable", Effect: "NoSchedule" }) == true);
        var row = (await Server.Kubectl.SucceedAsync("get", "node", "first", "--no-headers")).Stdout;
        Assert.Contains(" Ready,SchedulingDisabled ", row);

        // A node that joins cordoned still gets its daemon pod: DaemonSet pods tolerate the unschedulable taint.
        await ClusterNodes.CreateReadyNodeAsync(Client, "late");
        await Server.Kubectl.SucceedAsync("cordon", "late");
        StartKubelet("late");
        await WaitForRunningOnNodesAsync("daemon-set", "first", "late");
        await WaitForStatusCheckAsync("daemon-set", 2);

        Assert.Equal("node/first uncordoned", (await Server.Kubectl.SucceedAsync("uncordon", "first")).Stdout.Trim());
        await WaitForAsync("unschedulable taint removed", async () =>
            (await Client.CoreV1.ReadNodeAsync("first")).Spec.Taints?.Any(t => t.Key == "node.kubernetes.io/unschedulable") != true);
    }

    [Fact]
    public async Task Drain_RefusesWithoutIgnoreDaemonSets_HonoursTheBudget_ThenEvictsAndSkipsDaemonAndMirrorPods()
    {
        await CreateRunningNodesAsync("work");
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "work");
        var daemonPod = (await DaemonPodsAsync()).Single();
        await Client.CoreV1.CreateNamespacedPodAsync(LostNodeTests.PlainPod("bare", "work", tolerationSeconds: null), Namespace);
        var mirror = LostNodeTests.PlainPod("static-work", "work", tolerationSeconds: null);
        mirror.Metadata.Annotations = new Dictionary<string, string> { ["kubernetes.io/config.mirror"] = "0123456789abcdef" };
        mirror.Metadata.Labels = new Dictionary<string, string> { ["tier"] = "static" };
        await Client.CoreV1.CreateNamespacedPodAsync(mirror, Namespace);
        await WaitForAsync("pods running", async () => (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Count(IsAvailable) == 3);

        var refused = await Server.Kubectl.RunAsync("drain", "work");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("node/work cordoned", refused.Stdout);
        Assert.Contains($"cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): {Namespace}/{daemonPod.Metadata.Name}", refused.Stderr);
        Assert.Contains($"cannot delete Pods that declare no controller (use --force to override): {Namespace}/bare", refused.Stderr);
        Assert.DoesNotContain("static-work", refused.Stderr);

        // A budget that needs the one pod it selects: the eviction is refused with 429 and drain keeps retrying.
        (await Server.Kubectl.ApplyAsync($"""
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: keep-one
              namespace: {Namespace}
            spec:
              minAvailable: 1
              selector:
                matchLabels:
                  app: plain
            """)).EnsureSuccess();
        await WaitForAsync("budget observed", async () =>
            (await Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("keep-one", Namespace)).Status is { ObservedGeneration: 1, CurrentHealthy: 1, DesiredHealthy: 1, ExpectedPods: 1 });
        var table = (await Server.Kubectl.SucceedAsync("get", "pdb", "-n", Namespace)).Stdout;
        Assert.Matches(@"NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\nkeep-one\s+1\s+N/A\s+0\s+\S+", table);
        var refusedEviction = await Assert.ThrowsAsync<HttpOperationException>(() => Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "bare", NamespaceProperty = Namespace } }, "bare", Namespace));
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedEviction.Response.StatusCode);
        Assert.Contains("\"reason\":\"DisruptionBudget\"", refusedEviction.Response.Content);
        Assert.Contains("Cannot evict pod as it would violate the pod's disruption budget.", refusedEviction.Response.Content);

        var blocked = await Server.Kubectl.RunAsync(["drain", "work", "--ignore-daemonsets", "--force", "--timeout", "7s"], timeout: TimeSpan.FromSeconds(40));
        Assert.NotEqual(0, blocked.ExitCode);
        Assert.Contains($"error when evicting pods/\"bare\" -n \"{Namespace}\" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.", blocked.Stderr);
        Assert.Null((await Client.CoreV1.ReadNamespacedPodAsync("bare", Namespace)).Metadata.DeletionTimestamp);

        await Server.Kubectl.SucceedAsync("delete", "pdb", "keep-one", "-n", Namespace);
        var drained = await Server.Kubectl.RunAsync(["drain", "work", "--ignore-daemonsets", "--force"], timeout: TimeSpan.FromSeconds(60));
        drained.EnsureSuccess();
        Assert.Contains("node/work already cordoned", drained.Stdout);
        // kubectl joins its warnings in map order, so either may come first.
        Assert.StartsWith("Warning: ", drained.Stderr.TrimStart());
        Assert.Contains($"ignoring DaemonSet-managed Pods: {Namespace}/{daemonPod.Metadata.Name}", drained.Stderr);
        Assert.Contains($"deleting Pods that declare no controller: {Namespace}/bare", drained.Stderr);
        Assert.Contains($"evicting pod {Namespace}/bare", drained.Stdout);
        Assert.Contains("pod/bare evicted", drained.Stdout);
        Assert.EndsWith("node/work drained", drained.Stdout.Trim());
        Assert.DoesNotContain("static-work", drained.Stdout + drained.Stderr);

        var left = (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Select(p => p.Metadata.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal([daemonPod.Metadata.Name, "static-work"], left);
        Assert.Contains(" Ready,SchedulingDisabled ", (await Server.Kubectl.SucceedAsync("get", "node", "work", "--no-headers")).Stdout);
    }
}
