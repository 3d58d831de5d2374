using Everynode.E2E.Tests.Harness;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Rollout;

/// <summary>
/// A rollout stalled by a NotReady node. With the node lifecycle controller running, such a node is tainted
/// (<c>node.kubernetes.io/unreachable:NoSchedule</c>) and leaves the DaemonSet's desired set, so upstream's rollout
/// simply goes on without it; the stall is visible only while a NotReady node is not (yet) tainted — the
/// grace-period window, or a cluster run without that controller. This class runs without it to hold that state.
/// </summary>
public sealed class RolloutStallByNodesTests : RolloutTestBase
{
    protected override IReadOnlyList<string> ExtraServerArgs => ["--controllers", "*,-nodelifecycle,-tainteviction"];

    [Fact]
    public async Task SetImage_NodeNotReady_RolloutStallNamesTheNode()
    {
        // node-a has no kubelet and reports Ready=Unknown: its pod never runs, and once deleted never finishes terminating.
        await ClusterNodes.CreateReadyNodeAsync(Client, "node-a");
        var unknown = new V1Node { Status = new V1NodeStatus { Conditions = [new V1NodeCondition { Type = "Ready", Status = "Unknown", Reason = "NodeStatusUnknown", LastHeartbeatTime = DateTime.UtcNow, LastTransitionTime = DateTime.UtcNow }] } };
        await Client.CoreV1.PatchNodeStatusAsync(new V1Patch(KubernetesJson.Serialize(unknown), V1Patch.PatchType.StrategicMergePatch), "node-a");
        await CreateRunningNodesAsync("node-b");
        await CreateDaemonSetAsync(NewRollingDaemonSet("1", "0"));
        await ObserveUntilAsync("a pod on each node, node-b's available", pods =>
            pods.Any(p => p.Spec.NodeName == "node-a") && pods.Any(p => p.Spec.NodeName == "node-b" && IsAvailable(p)));

        (await KubectlAsync("set", "image", $"ds/{Name}", $"app={NewImage}")).EnsureSuccess();

        await WaitForAsync("the stall to name the node", async () =>
            (await ReadDaemonSetAsync()).Status.Conditions?.Any(c => c.Type == "RolloutBlockedByNodes") == true);
        var condition = (await ReadDaemonSetAsync()).Status.Conditions.Single(c => c.Type == "RolloutBlockedByNodes");
        Assert.Equal(("True", "NodesNotReady"), (condition.Status, condition.Reason));
        Assert.Equal("rollout stalled: 1 node(s) that should run the new pod are not Ready: node-a (Ready=Unknown)", condition.Message);
        Assert.DoesNotContain((await ReadDaemonSetAsync()).Status.Conditions, c => c.Type == "RolloutBlockedByNewPods");
    }
}
