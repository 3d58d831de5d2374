using System.Net;
using k8s.Models;

namespace Everynode.Agent;

/// <summary>Settings of one node agent; validated once at start-up.</summary>
public sealed record AgentOptions
{
    /// <summary>The Node's name (default: the host name, lower-cased).</summary>
    public required string NodeName { get; init; }

    /// <summary>The node's address: its InternalIP, every pod's hostIP and podIP, and where logs are served.</summary>
    public required IPAddress NodeIP { get; init; }

    /// <summary>Folder for pod volumes (emptyDir), container logs and the log server's certificate.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Labels added to the node's own (<c>kubernetes.io/hostname</c>, <c>kubernetes.io/os</c>, <c>kubernetes.io/arch</c>).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>Taints the Node is registered with (as kubelet's <c>--register-with-taints</c>).</summary>
    public IReadOnlyList<V1Taint> Taints { get; init; } = [];

    /// <summary>CPU capacity in millicores; null reads the host.</summary>
    public long? MilliCpu { get; init; }

    /// <summary>Memory capacity in bytes; null reads the host.</summary>
    public long? MemoryBytes { get; init; }

    /// <summary>How many pods the node accepts (kubelet's <c>--max-pods</c>, default 110).</summary>
    public int MaxPods { get; init; } = 110;

    /// <summary>Folder of static pod manifests, or null for none.</summary>
    public string? PodManifestPath { get; init; }

    /// <summary>Port of the agent's HTTPS endpoint (logs), bound on <see cref="NodeIP"/> only.</summary>
    public int Port { get; init; } = 10250;

    /// <summary>The bearer token callers of the agent's endpoint must present (the API server sends its admin token).</summary>
    public required string ServingToken { get; init; }

    /// <summary>How often the Lease is renewed (upstream: 10 s; the lease lasts 40 s).</summary>
    public TimeSpan LeaseRenewInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often node conditions are computed (upstream's nodeStatusUpdateFrequency).</summary>
    public TimeSpan NodeStatusUpdateInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest time between two node status writes when nothing changed (upstream's nodeStatusReportFrequency).</summary>
    public TimeSpan NodeStatusReportInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the static pod folder is re-read (besides file system notifications).</summary>
    public TimeSpan ManifestCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Size at which a container's log file is rotated.</summary>
    public long ContainerLogMaxBytes { get; init; } = 10L * 1024 * 1024;

    /// <summary>Whether node pressure conditions come from the host's readings (false: always healthy, as simulated nodes are).</summary>
    public bool ReportHostPressure { get; init; } = true;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(NodeName);
        ArgumentException.ThrowIfNullOrWhiteSpace(DataDirectory);
        ArgumentException.ThrowIfNullOrWhiteSpace(ServingToken);
        if (NodeName.Length > 253 || NodeName.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.')))
        {
            throw new ArgumentException($"the node name \"{NodeName}\" must be a lower-case DNS subdomain (a-z, 0-9, '-', '.')", nameof(NodeName));
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"--port must be between 0 and 65535, not {Port}", nameof(Port));
        }

        if (MaxPods < 1)
        {
            throw new ArgumentException("--max-pods must be at least 1", nameof(MaxPods));
        }

        if (MilliCpu is <= 0 || MemoryBytes is <= 0)
        {
            throw new ArgumentException("--cpu and --memory must be positive");
        }

        if (LeaseRenewInterval <= TimeSpan.Zero || NodeStatusUpdateInterval <= TimeSpan.Zero || ManifestCheckInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException("agent intervals must be positive");
        }
    }
}
