using System.CommandLine;
using Everynode.Cli.Server;

namespace Everynode.Cli.Cluster;

/// <summary>The flags of <c>everynode up</c>, <c>down</c>, <c>status</c> and <c>node add/remove</c>.</summary>
internal static class ClusterCommandOptions
{
    public static Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder of the local cluster: datastore, certificates, node folders, logs, images and its state.",
        DefaultValueFactory = _ => ServerCommandOptions.DefaultDataDirectory(),
    };

    public static Option<int?> Nodes { get; } = new("--nodes")
    {
        Description = "How many worker nodes (worker-0, worker-1, …) a new cluster has (default 2); on an existing cluster, "
            + "the workers missing up to N are added. Nodes added with 'node add' come on top.",
    };

    public static Option<string?> Runtime { get; } = new("--runtime")
    {
        Description = "How nodes run pods: 'process' (sandboxed processes, the default) or 'simulated' (no process, as kwok).",
    };

    public static Option<int?> Port { get; } = new("--port")
    {
        Description = "HTTPS port of the API server on 127.0.0.1 (default 6443, or the port the cluster had; 0 picks a free one).",
    };

    public static Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "Write the cluster's kubeconfig entries into this file only, instead of merging them into $KUBECONFIG or ~/.kube/config.",
    };

    public static Option<bool> ControlPlaneNode { get; } = new("--control-plane-node")
    {
        Description = "Also run a node 'control-plane', labelled node-role.kubernetes.io/control-plane and tainted NoSchedule.",
    };

    public static Option<bool> Detach { get; } = new("--detach", "-d")
    {
        Description = "Return once the cluster is Ready and leave it running ('everynode down' stops it).",
    };

    public static Option<TimeSpan?> NodeMonitorGracePeriod { get; } = new("--node-monitor-grace-period")
    {
        Description = "How long a node may miss heartbeats before it is NotReady (passed to the server).",
        CustomParser = r => Durations.Parse(r),
    };

    public static Option<TimeSpan> Timeout { get; } = new("--timeout")
    {
        Description = "How long to wait for the server and the nodes to be Ready.",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(120),
        CustomParser = r => Durations.Parse(r),
    };

    public static Argument<string> NodeName { get; } = new("NAME")
    {
        Description = "The node's name (a DNS subdomain, such as worker-9 or edge-1).",
    };

    public static Option<string[]> Labels { get; } = new("--labels")
    {
        Description = "Node labels, k=v,… (as the agent's --labels).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string[]> Taints { get; } = new("--taints")
    {
        Description = "Node taints, k=v:Effect,… (as the agent's --register-with-taints).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> Cpu { get; } = new("--cpu")
    {
        Description = "CPU capacity to report (default: the host's).",
    };

    public static Option<string?> Memory { get; } = new("--memory")
    {
        Description = "Memory capacity to report, a quantity such as 8Gi (default: the host's).",
    };

    public static Option<int?> MaxPods { get; } = new("--max-pods")
    {
        Description = "Pod capacity to report (default 110).",
    };

    public static Option<string?> RegistryConfig { get; } = new("--registry-config")
    {
        Description = "Registry configuration for every local node, in k3s's registries.yaml format (kept as DATA/registries.yaml for later runs and added nodes).",
    };
}
