using k8s;
using k8s.Models;

namespace Everynode.E2E.Tests.Placement;

/// <summary>§17 scenario 3: required node affinity narrows the nodes and follows label changes.</summary>
public sealed class NodeAffinityPlacementTests : PlacementTestBase
{
    [Fact]
    public async Task RequiredNodeAffinity_NarrowsTheNodes_AndFollowsLabelChanges()
    {
        await CreateRunningNodesAsync("aff-0", "aff-1");
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "daemonset-color", OperatorProperty = "In", Values = ["blue"] }] }],
                },
            },
        };
        await CreateDaemonSetAsync(ds);
        await WaitForRunningOnNodesAsync("daemon-set");
        await WaitForAsync("the DaemonSet status to be observed", async () => (await ReadDaemonSetAsync()).Status?.ObservedGeneration == 1);
        Assert.Equal(0, (await ReadDaemonSetAsync()).Status.DesiredNumberScheduled);

        await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"daemonset-color":"blue"}}}""", V1Patch.PatchType.MergePatch), "aff-1");
        await WaitForRunningOnNodesAsync("daemon-set", "aff-1");
        await WaitForStatusCheckAsync("daemon-set", 1);

        await Client.CoreV1.PatchNodeAsync(new V1Patch("""{"metadata":{"labels":{"daemonset-color":null}}}""", V1Patch.PatchType.MergePatch), "aff-1");
        await WaitForRunningOnNodesAsync("daemon-set");
        await WaitForStatusCheckAsync("daemon-set", 0);
    }
}
