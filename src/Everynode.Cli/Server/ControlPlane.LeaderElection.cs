using Everynode.Client.LeaderElection;
using k8s;
using Microsoft.Extensions.Logging;

namespace Everynode.Cli.Server;

/// <summary>
/// With leader election on (several servers on one etcd), the informers run in every server, so a standby's caches are
/// warm, but the controllers, the scheduler and their event recorders run only while this server holds the Lease.
/// Losing it stops them and fails the control plane, so the server exits as upstream's components do.
/// </summary>
internal sealed partial class ControlPlane
{
    /// <summary>The Lease the servers of one cluster compete for.</summary>
    public const string LeaseName = "everynode-control-plane";

    private static List<Func<CancellationToken, Task>> UnderLeaderElection(
        IKubernetes client, LeaderElectionOptions election, List<Func<CancellationToken, Task>> leading, Func<CancellationToken, Task> informers,
        ILoggerFactory loggerFactory, TimeProvider time)
    {
        var logger = loggerFactory.CreateLogger("Everynode.LeaderElection");
        var elector = new LeaderElector(new KubernetesLeaseClient(client), election, logger, time);
        return [informers, ct => elector.RunAsync(async leadingToken =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(leadingToken);
            await RunAllAsync(leading, logger, stop);
        }, ct)];
    }
}
