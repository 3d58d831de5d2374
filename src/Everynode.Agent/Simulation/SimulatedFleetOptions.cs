using System.Net;
using k8s.Models;

namespace Everynode.Agent.Simulation;

/// <summary>Settings of a fleet of simulated nodes run by one process (<c>everynode sim</c>); validated at start.</summary>
public sealed record SimulatedFleetOptions
{
    /// <summary>Labels every simulated Node carries besides the kubelet's own.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints every simulated Node is registered with.</summary>
    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    /// <summary>The first node's InternalIP; each further node gets the next address (pods use their node's).</summary>
    public IPAddress FirstNodeIP { get; init; } = IPAddress.Parse("10.64.0.1");

    /// <summary>CPU capacity of each node in millicores.</summary>
    public long MilliCpu { get; init; } = 4000;

    /// <summary>Memory capacity of each node in bytes.</summary>
    public long MemoryBytes { get; init; } = 16L * 1024 * 1024 * 1024;

    public int MaxPods { get; init; } = 110;

    /// <summary>How long a container takes to start (its pod shows ContainerCreating meanwhile); zero: at once.</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.Zero;

    /// <summary>How often each node's Lease is renewed (upstream: 10 s).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each node's conditions are recomputed (written only when changed or every 5 minutes).</summary>
    public TimeSpan NodeStatusUpdateInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many API writes the fleet has in flight at most in each of its two lanes: pod status and deletes in one,
    /// Lease renewals and node status in the other (registration: this many at once).
    /// </summary>
    public int MaxConcurrentWrites { get; init; } = 64;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        if (MilliCpu <= 0 || MemoryBytes <= 0 || MaxPods < 1)
        {
            throw new ArgumentException("simulated node capacity (cpu, memory, max pods) must be positive");
        }

        if (StartDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("--start-delay must not be negative");
        }

        if (LeaseRenewInterval <= TimeSpan.Zero || NodeStatusUpdateInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("simulated node intervals must be positive");
        }

        if (MaxConcurrentWrites < 1)
        {
            throw new ArgumentException("the fleet needs at least one concurrent write");
        }

        if (FirstNodeIP.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
        {
            throw new ArgumentException("the first node IP must be an IPv4 address");
        }
    }
}
