using k8s.Models;

namespace Everynode.Client.LeaderElection;

/// <summary>The three Lease calls leader election needs; a conflict (409) is a null result, not an error.</summary>
public interface ILeaseClient
{
    Task<V1Lease?> GetAsync(string leaseNamespace, string name, CancellationToken cancellationToken);

    /// <summary>Creates the Lease; null when another candidate created it first.</summary>
    Task<V1Lease?> CreateAsync(V1Lease lease, CancellationToken cancellationToken);

    /// <summary>Replaces the Lease if its resourceVersion is still the one in <paramref name="lease"/>; null otherwise.</summary>
    Task<V1Lease?> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken);
}
