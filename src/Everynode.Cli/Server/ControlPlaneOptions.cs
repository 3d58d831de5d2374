using Everynode.Controllers.NodeLifecycle;
using Everynode.Controllers.PodGC;

namespace Everynode.Cli.Server;

/// <summary>Settings of the controllers and scheduler that run inside <c>everynode server</c>.</summary>
internal sealed record ControlPlaneOptions
{
    /// <summary>
    /// The most connections the control plane's client opens to its own server: its watches (a few dozen, one per
    /// informed resource) and up to about two hundred requests at once, which already keep both cores busy.
    /// </summary>
    public const int MaxConnections = 256;

    public required ControllerSelection Controllers { get; init; }

    public PodGcOptions PodGc { get; init; } = new();

    public NodeLifecycleOptions NodeLifecycle { get; init; } = new();

    /// <summary>When set, the components act only while this server holds the control plane's Lease (HA: several servers).</summary>
    public Client.LeaderElection.LeaderElectionOptions? LeaderElection { get; init; }

    public void Validate()
    {
        PodGc.Validate();
        NodeLifecycle.Validate();
        LeaderElection?.Validate();
    }
}
