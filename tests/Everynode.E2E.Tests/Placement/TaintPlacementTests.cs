using Everynode.E2E.Tests.Harness;
using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Placement;

/// <summary>NoSchedule taints keep daemon pods off a node until the DaemonSet tolerates them (§7, §13).</summary>
public sealed class TaintPlacementTests : PlacementTestBase
{
    [Fact]
    public async Task UntoleratedNoScheduleTaint_KeepsNodeOut_MatchingTolerationLetsItIn()
    {
        await ClusterNodes.CreateReadyNodeAsync(Client, "taint-a", taints: [new V1Taint { Key = "dedicated", Value = "infra", Effect = "NoSchedule" }]);
        await ClusterNodes.CreateReadyNodeAsync(Client, "taint-b");
        StartKubelet("taint-a", "taint-b");

        await CreateDaemonSetAsync(NewDaemonSet());
        await WaitForRunningOnNodesAsync("daemon-set", "taint-b");
        await WaitForStatusCheckAsync("daemon-set", 1);

        var toleration = """{"spec":{"template":{"spec":{"tolerations":[{"key":"dedicated","operator":"Equal","value":"infra","effect":"NoSchedule"}]}}}}""";
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(toleration, V1Patch.PatchType.StrategicMergePatch), "daemon-set", Namespace);
        await WaitForRunningOnNodesAsync("daemon-set", "taint-a", "taint-b");
        await WaitForStatusCheckAsync("daemon-set", 2);
    }

    [Fact]
    public async Task ControlPlaneNode_IsSkipped_UnlessTheDaemonSetToleratesIt()
    {
        await ClusterNodes.CreateReadyNodeAsync(Client, "cp-0", labels: new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "" },
            taints: [new V1Taint { Key = "node-role.kubernetes.io/control-plane", Effect = "NoSchedule" }]);
        await ClusterNodes.CreateReadyNodeAsync(Client, "worker-0");
        StartKubelet("cp-0", "worker-0");

        await CreateDaemonSetAsync(NewDaemonSet("plain"));
        var tolerating = NewDaemonSet("everywhere");
        tolerating.Spec.Template.Spec.Tolerations = [new V1Toleration { Key = "node-role.kubernetes.io/control-plane", OperatorProperty = "Exists", Effect = "NoSchedule" }];
        await CreateDaemonSetAsync(tolerating);

        await WaitForRunningOnNodesAsync("plain", "worker-0");
        await WaitForRunningOnNodesAsync("everywhere", "cp-0", "worker-0");
        await WaitForStatusCheckAsync("plain", 1);
        await WaitForStatusCheckAsync("everywhere", 2);
    }
}
