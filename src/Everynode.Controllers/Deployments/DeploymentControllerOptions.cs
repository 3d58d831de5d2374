namespace Everynode.Controllers.Deployments;

/// <summary>Settings of the <see cref="DeploymentController"/> (kube-controller-manager's deployment flags).</summary>
public sealed record DeploymentControllerOptions
{
    /// <summary>How many Deployments are synced at once (<c>--concurrent-deployment-syncs</c>).</summary>
    public int Workers { get; init; } = 2;

    public void Validate() => ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
}
