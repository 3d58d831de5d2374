namespace Everynode.Controllers.ReplicaSets;

/// <summary>Settings of the <see cref="ReplicaSetController"/> (kube-controller-manager's replicaset flags).</summary>
public sealed record ReplicaSetControllerOptions
{
    /// <summary>How many ReplicaSets are synced at once (<c>--concurrent-replicaset-syncs</c>).</summary>
    public int Workers { get; init; } = 2;

    /// <summary>The most pod creates or deletes one sync issues (upstream's BurstReplicas).</summary>
    public int BurstReplicas { get; init; } = 500;

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(BurstReplicas, 1);
    }
}
