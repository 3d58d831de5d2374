using Everynode.Controllers.Deployments;
using k8s.Models;

namespace Everynode.Controllers.Tests.Deployments;

/// <summary>Records the Deployment controller's writes; created ReplicaSets get a UID from their name.</summary>
internal sealed class FakeDeploymentControl : IDeploymentControl
{
    public List<V1ReplicaSet> Created { get; } = [];

    public List<V1ReplicaSet> Updated { get; } = [];

    public List<string> Deleted { get; } = [];

    public List<V1Deployment> StatusWrites { get; } = [];

    public Task<V1ReplicaSet> CreateReplicaSetAsync(string ns, V1ReplicaSet rs, CancellationToken ct)
    {
        rs.Metadata.Uid = "uid-" + rs.Metadata.Name;
        rs.Metadata.CreationTimestamp = DeploymentTestObjects.Now.UtcDateTime;
        Created.Add(rs);
        return Task.FromResult(rs);
    }

    public Task<V1ReplicaSet> UpdateReplicaSetAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        Updated.Add(rs);
        return Task.FromResult(rs);
    }

    public Task<V1ReplicaSet> PatchReplicaSetAsync(string ns, string name, string strategicPatch, CancellationToken ct) =>
        throw new InvalidOperationException("no adoption expected in these tests");

    public Task DeleteReplicaSetAsync(string ns, string name, CancellationToken ct)
    {
        Deleted.Add(name);
        return Task.CompletedTask;
    }

    public Task<V1Deployment> GetDeploymentAsync(string ns, string name, CancellationToken ct) =>
        throw new InvalidOperationException("no adoption expected in these tests");

    public Task<V1Deployment> UpdateDeploymentStatusAsync(V1Deployment d, CancellationToken ct)
    {
        StatusWrites.Add(d);
        return Task.FromResult(d);
    }
}
