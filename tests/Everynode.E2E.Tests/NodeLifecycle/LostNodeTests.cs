using System.Diagnostics;
using Everynode.E2E.Tests.Placement;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.NodeLifecycle;

/// <summary>
/// A node agent that stops heartbeating, with a 5 s node monitor grace period: the node goes Unknown with the
/// unreachable taints, the daemon pod stays bound to it, a pod tolerating unreachable for 5 s is evicted after that,
/// and when the agent comes back the node is Ready again with nothing duplicated (daemonset-semantics §7, §14).
/// </summary>
public sealed class LostNodeTests : PlacementTestBase
{
    protected override IReadOnlyList<string> ExtraServerArgs => ["--node-monitor-grace-period", "5s"];

    [Fact]
    public async Task AgentStopsHeartbeating_NodeUnknownAndTainted_DaemonPodStays_ShortTolerationPodEvicted_ThenRecovers()
    {
        await CreateRunningNodesAsync("alive", "lost");
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "alive", "lost");
        await Client.CoreV1.CreateNamespacedPodAsync(PlainPod("short", "lost", tolerationSeconds: 5), Namespace);
        await Client.CoreV1.CreateNamespacedPodAsync(PlainPod("default", "lost", tolerationSeconds: null), Namespace);
        await WaitForAsync("plain pods running", async () => (await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Count(IsAvailable) == 4);
        var defaulted = await Client.CoreV1.ReadNamespacedPodAsync("default", Namespace);
        Assert.Contains(defaulted.Spec.Tolerations, t => t is { Key: "node.kubernetes.io/unreachable", Effect: "NoExecute", TolerationSeconds: 300 });
        var daemonPodBefore = (await DaemonPodsAsync()).Single(p => p.Spec.NodeName == "lost");

        KubeletOf("lost").StopHeartbeat("lost");
        var stopped = Stopwatch.StartNew();
        await WaitForAsync("node lost Unknown with the unreachable taints", async () =>
        {
            var node = await Client.CoreV1.ReadNodeAsync("lost");
            return node.Status.Conditions.Any(c => c is { Type: "Ready", Status: "Unknown", Reason: "NodeStatusUnknown" })
                && node.Spec.Taints?.Any(t => t is { Key: "node.kubernetes.io/unreachable", Effect: "NoSchedule" }) == true
                && node.Spec.Taints.Any(t => t is { Key: "node.kubernetes.io/unreachable", Effect: "NoExecute" });
        });
        var unknownAfter = stopped.Elapsed;
        Assert.InRange(unknownAfter, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(12));

        var nodes = await Server.Kubectl.SucceedAsync("get", "node", "lost", "--no-headers");
        Assert.Contains(" NotReady ", nodes.Stdout);

        await WaitForAsync("the 5 s pod evicted", async () => (await Client.CoreV1.ReadNamespacedPodAsync("short", Namespace)).Metadata.DeletionTimestamp is not null);
        Assert.InRange(stopped.Elapsed - unknownAfter, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(15));
        var evicted = await Client.CoreV1.ReadNamespacedPodAsync("short", Namespace);
        Assert.Contains(evicted.Status.Conditions, c => c is { Type: "DisruptionTarget", Status: "True", Reason: "DeletionByTaintManager" });
        Assert.Contains(evicted.Status.Conditions, c => c is { Type: "Ready", Status: "False" });

        // The daemon pod tolerates unreachable forever; the 300 s pod is still waiting.
        var daemonPod = await Client.CoreV1.ReadNamespacedPodAsync(daemonPodBefore.Metadata.Name, Namespace);
        Assert.Null(daemonPod.Metadata.DeletionTimestamp);
        Assert.Equal("lost", daemonPod.Spec.NodeName);
        Assert.Null((await Client.CoreV1.ReadNamespacedPodAsync("default", Namespace)).Metadata.DeletionTimestamp);
        var wide = await Server.Kubectl.SucceedAsync("get", "pods", "-n", Namespace, "-o", "wide", "--no-headers");
        Assert.Contains(wide.Stdout.Split('\n'), l => l.StartsWith(daemonPod.Metadata.Name + " ", StringComparison.Ordinal) && l.Contains(" lost ", StringComparison.Ordinal));

        // The DaemonSet counts the lost node out of DESIRED and its pod as misscheduled (§7: shouldRun false, shouldContinueRunning true).
        await WaitForAsync("DaemonSet status with the node lost", async () => (await ReadDaemonSetAsync()).Status is { DesiredNumberScheduled: 1, NumberMisscheduled: 1 });

        var events = await Server.Kubectl.SucceedAsync("get", "events", "-A", "--no-headers");
        Assert.Contains("Node lost status is now: NodeNotReady", events.Stdout);
        Assert.Contains($"Marking for deletion Pod {Namespace}/short", events.Stdout);

        KubeletOf("lost").ResumeHeartbeat("lost");
        await WaitForAsync("node lost Ready without managed taints", async () =>
        {
            var node = await Client.CoreV1.ReadNodeAsync("lost");
            return node.Status.Conditions.Any(c => c is { Type: "Ready", Status: "True" })
                && node.Spec.Taints?.Any(t => t.Key.StartsWith("node.kubernetes.io/", StringComparison.Ordinal)) != true;
        });
        await WaitForRunningOnNodesAsync("daemon-set", "alive", "lost");
        await WaitForStatusCheckAsync("daemon-set", 2);
        await WaitForAsync("the evicted pod gone", async () => !(await Client.CoreV1.ListNamespacedPodAsync(Namespace)).Items.Any(p => p.Metadata.Name == "short"));
        Assert.Equal(daemonPodBefore.Metadata.Uid, (await DaemonPodsAsync()).Single(p => p.Spec.NodeName == "lost").Metadata.Uid);
        Assert.Equal(0, (await ReadDaemonSetAsync()).Status.NumberMisscheduled);
    }

    [Fact]
    public async Task DeletingANode_RemovesItsDaemonPod()
    {
        await CreateRunningNodesAsync("keep", "gone");
        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "keep", "gone");

        (await Server.Kubectl.RunAsync("delete", "node", "gone")).EnsureSuccess();
        await WaitForAsync("no daemon pod left on the deleted node", async () => !(await DaemonPodsAsync()).Any(p => p.Spec.NodeName == "gone"));
        await WaitForRunningOnNodesAsync("daemon-set", "keep");
        await WaitForStatusCheckAsync("daemon-set", 1);
    }

    internal static V1Pod PlainPod(string name, string node, long? tolerationSeconds) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "plain" } },
        Spec = new V1PodSpec
        {
            NodeSelector = new Dictionary<string, string> { ["kubernetes.io/hostname"] = node },
            Containers = [new V1Container { Name = "app", Image = "registry.k8s.io/pause:3.9" }],
            Tolerations = tolerationSeconds is { } seconds
                ? [new V1Toleration { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = seconds }]
                : null,
        },
    };
}
