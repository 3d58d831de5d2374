using k8s.Models;

namespace Everynode.Controllers.Deployments;

/// <summary>
/// The working state of one sync: a private copy of the Deployment and its ReplicaSets, replaced as the API answers
/// each write, so later decisions of the same sync see what was written.
/// </summary>
internal sealed class DeploymentSync(V1Deployment deployment, IReadOnlyList<V1ReplicaSet> replicaSets)
{
    private readonly List<V1ReplicaSet> _replicaSets = [.. replicaSets];

    public V1Deployment Deployment { get; set; } = deployment;

    public IReadOnlyList<V1ReplicaSet> All => _replicaSets;

    public V1ReplicaSet? New => DeploymentReplicaSets.FindNew(Deployment, _replicaSets);

    public List<V1ReplicaSet> Old => _replicaSets.Where(rs => rs.Metadata.Uid != New?.Metadata.Uid).ToList();

    /// <summary>Puts the API's answer in place of the ReplicaSet it replaces (or adds a created one).</summary>
    public void Replace(V1ReplicaSet rs)
    {
        var i = _replicaSets.FindIndex(r => r.Metadata.Uid == rs.Metadata.Uid);
        if (i < 0)
        {
            _replicaSets.Add(rs);
        }
        else
        {
            _replicaSets[i] = rs;
        }
    }

    public void Remove(V1ReplicaSet rs) => _replicaSets.RemoveAll(r => r.Metadata.Uid == rs.Metadata.Uid);
}
