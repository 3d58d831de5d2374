namespace Everynode.Client.LeaderElection;

/// <summary>The leader could not renew its Lease within the renew deadline; what it ran while leading was stopped.</summary>
public sealed class LeaderElectionLostException(string leaseName, string identity)
    : Exception($"leader election lost: {identity} could not renew Lease {leaseName} in time")
{
}
