using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Everynode.Client.LeaderElection;

/// <summary>Leases through the API server (coordination.k8s.io/v1).</summary>
public sealed class KubernetesLeaseClient(IKubernetes client) : ILeaseClient
{
    public async Task<V1Lease?> GetAsync(string leaseNamespace, string name, CancellationToken cancellationToken)
    {
        try
        {
            return await client.CoordinationV1.ReadNamespacedLeaseAsync(name, leaseNamespace, cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<V1Lease?> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await client.CoordinationV1.CreateNamespacedLeaseAsync(lease, lease.Namespace(), cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }

    public async Task<V1Lease?> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lease);
        try
        {
            return await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, lease.Name(), lease.Namespace(), cancellationToken: cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            return null;
        }
    }
}
