using k8s;
using k8s.Models;

namespace Everynode.Agent.Tests.Integration;

/// <summary>The agent's Node deleted while the agent runs (an agent of its own: the deletion would upset other tests).</summary>
public sealed class NodeDeletedTests(AgentFixture fixture) : IClassFixture<AgentFixture>
{
    private Kubernetes Client => fixture.Client;

    [Fact]
    public async Task NodeDeleted_TheLeaseComesBackWithoutAnOwner_SoGarbageCollectionLeavesItAlone()
    {
        var node = await Client.CoreV1.ReadNodeAsync(AgentFixture.NodeName);
        var lease = await LeaseAsync("the first lease");
        Assert.Equal(node.Metadata.Uid, Assert.Single(lease.Metadata.OwnerReferences).Uid);

        // The Node goes, and the garbage collector (not running here) deletes the Lease it owned.
        await Client.CoreV1.DeleteNodeAsync(AgentFixture.NodeName);
        await Client.CoordinationV1.DeleteNamespacedLeaseAsync(AgentFixture.NodeName, "kube-node-lease");

        var recreated = await LeaseAsync("the lease renewed again");
        Assert.NotEqual(lease.Metadata.Uid, recreated.Metadata.Uid);
        Assert.Empty(recreated.Metadata.OwnerReferences ?? []);
    }

    private Task<V1Lease> LeaseAsync(string what) => Eventually.ValueAsync(async () =>
    {
        var list = await Client.CoordinationV1.ListNamespacedLeaseAsync("kube-node-lease", fieldSelector: $"metadata.name={AgentFixture.NodeName}");
        return list.Items.SingleOrDefault();
    }, what);
}
