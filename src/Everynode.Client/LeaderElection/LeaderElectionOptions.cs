namespace Everynode.Client.LeaderElection;

/// <summary>Settings of one leader election on a coordination.k8s.io/v1 Lease; the defaults are upstream's.</summary>
public sealed record LeaderElectionOptions
{
    /// <summary>The Lease every candidate competes for.</summary>
    public required string LeaseName { get; init; }

    public string LeaseNamespace { get; init; } = "kube-system";

    /// <summary>This candidate's name in <c>holderIdentity</c>; upstream's components use <c>hostname_uuid</c>.</summary>
    public required string Identity { get; init; }

    /// <summary>How long a standby waits, after it last saw the Lease change, before it takes the Lease over.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How long the leader keeps trying to renew before it gives up leading (shorter than the lease duration).</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often candidates try to acquire, and the leader renews.</summary>
    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>An identity as upstream makes it: the host name, an underscore and a new UUID.</summary>
    public static string NewIdentity() => $"{System.Net.Dns.GetHostName()}_{Guid.NewGuid()}";

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(LeaseName);
        ArgumentException.ThrowIfNullOrWhiteSpace(LeaseNamespace);
        ArgumentException.ThrowIfNullOrWhiteSpace(Identity);

        // Upstream's rules: the leader must stop before a standby may take over, and retries must fit in the deadline.
        if (LeaseDuration <= RenewDeadline)
        {
            throw new ArgumentException("the lease duration must be longer than the renew deadline");
        }

        if (RenewDeadline <= RetryPeriod * 1.2)
        {
            throw new ArgumentException("the renew deadline must be longer than 1.2 × the retry period");
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RetryPeriod, TimeSpan.Zero);
    }
}
