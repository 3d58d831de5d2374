namespace Everynode.Cli.Cluster;

/// <summary>What <c>everynode up</c> was asked for, validated once at start-up.</summary>
internal sealed record ClusterSettings
{
    public const string ProcessRuntime = "process";
    public const string SimulatedRuntime = "simulated";
    public const string ControlPlaneNodeName = "control-plane";
    public const string ControlPlaneRole = "node-role.kubernetes.io/control-plane";

    /// <summary>Where every node's agent listens (on its own loopback address), as a kubelet listens on 10250.</summary>
    public const int AgentPort = 10250;

    public const int DefaultWorkers = 2;

    public static IReadOnlyList<string> Runtimes { get; } = [ProcessRuntime, SimulatedRuntime];

    public required string DataDirectory { get; init; }

    /// <summary>
    /// Worker nodes asked for with <c>--nodes</c>; null when not given: 2 for a new cluster, none added to an
    /// existing one (its nodes, as <c>node add</c> and <c>node remove</c> left them, are the cluster).
    /// </summary>
    public int? Workers { get; init; }


    /// <summary>Null: the runtime the cluster had, else <c>process</c>.</summary>
    public string? Runtime { get; init; }

    /// <summary>Null: the port the cluster had, else 6443.</summary>
    public int? Port { get; init; }

    /// <summary>Null: merge into the user's kubeconfig; else only this file.</summary>
    public string? KubeconfigPath { get; init; }

    public bool ControlPlaneNode { get; init; }

    /// <summary>A registries.yaml to give every node from now on; null keeps the one the cluster has, if any.</summary>
    public string? RegistryConfig { get; init; }

    public bool Detach { get; init; }

    public TimeSpan? NodeMonitorGracePeriod { get; init; }

    /// <summary>How long to wait for the server to answer and the nodes to be Ready.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public void Validate()
    {
        if (Workers is < 0 or > 1000)
        {
            throw new ArgumentException("--nodes must be between 0 and 1000");
        }

        if (Runtime is not null && !Runtimes.Contains(Runtime))
        {
            throw new ArgumentException($"--runtime must be one of {string.Join(", ", Runtimes)}, not \"{Runtime}\"");
        }

        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException("--port must be between 0 and 65535");
        }
    }

    /// <summary>The worker nodes' names: worker-0, worker-1, …</summary>
    public static string WorkerName(int index) => $"worker-{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
