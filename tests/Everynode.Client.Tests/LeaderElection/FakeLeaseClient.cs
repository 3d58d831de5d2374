using System.Globalization;
using Everynode.Client.LeaderElection;
using k8s.Models;

namespace Everynode.Client.Tests.LeaderElection;

/// <summary>One in-memory Lease with resourceVersion checks, as the API server keeps it; calls can be made to fail.</summary>
internal sealed class FakeLeaseClient : ILeaseClient
{
    private readonly Lock _lock = new();
    private V1Lease? _lease;
    private long _version;

    /// <summary>While true every call throws, as when the API server (or its datastore) is unreachable.</summary>
    public bool Unreachable { get; set; }

    public int Writes { get; private set; }

    public V1LeaseSpec? Spec
    {
        get
        {
            lock (_lock)
            {
                return _lease?.Spec;
            }
        }
    }

    public Task<V1Lease?> GetAsync(string leaseNamespace, string name, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfUnreachable();
            return Task.FromResult(_lease is null ? null : Clone(_lease));
        }
    }

    public Task<V1Lease?> CreateAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfUnreachable();
            if (_lease is not null)
            {
                return Task.FromResult<V1Lease?>(null);
            }

            return Task.FromResult<V1Lease?>(Store(lease));
        }
    }

    public Task<V1Lease?> ReplaceAsync(V1Lease lease, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            ThrowIfUnreachable();
            if (_lease is null || lease.Metadata.ResourceVersion != _lease.Metadata.ResourceVersion)
            {
                return Task.FromResult<V1Lease?>(null);
            }

            return Task.FromResult<V1Lease?>(Store(lease));
        }
    }

    private V1Lease Store(V1Lease lease)
    {
        _lease = Clone(lease);
        _lease.Metadata.ResourceVersion = (++_version).ToString(CultureInfo.InvariantCulture);
        Writes++;
        return Clone(_lease);
    }

    private void ThrowIfUnreachable()
    {
        if (Unreachable)
        {
            throw new HttpRequestException("connection refused");
        }
    }

    private static V1Lease Clone(V1Lease lease) => new()
    {
        Metadata = new V1ObjectMeta { Name = lease.Metadata.Name, NamespaceProperty = lease.Metadata.NamespaceProperty, ResourceVersion = lease.Metadata.ResourceVersion },
        Spec = new V1LeaseSpec
        {
            HolderIdentity = lease.Spec.HolderIdentity,
            LeaseDurationSeconds = lease.Spec.LeaseDurationSeconds,
            AcquireTime = lease.Spec.AcquireTime,
            RenewTime = lease.Spec.RenewTime,
            LeaseTransitions = lease.Spec.LeaseTransitions,
        },
    };
}
