using k8s.Models;

namespace Everynode.Controllers.ReplicaSets;

/// <summary>What one sync does to a ReplicaSet's pods: create some, or delete some (never both).</summary>
public sealed record ReplicaSetManagePlan(int Creates, IReadOnlyList<V1Pod> Deletes)
{
    public static readonly ReplicaSetManagePlan Nothing = new(0, []);
}
