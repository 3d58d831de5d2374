using System.CommandLine;

namespace Everynode.Cli.Agent;

/// <summary>The flags of <c>everynode agent</c> (kubelet's names where kubelet has the flag).</summary>
internal static class AgentCommandOptions
{
    public static Option<string?> Server { get; } = new("--server")
    {
        Description = "URL of the API server, e.g. https://10.0.0.1:6443 (with --token); several comma-separated URLs of one HA cluster fail over.",
    };

    public static Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token for the API server (the server's admin token, in its data folder as admin.token).",
    };

    public static Option<string?> JoinToken { get; } = new("--join-token")
    {
        Description = "A join token (everynode token create), exchanged once for this node's own credential, kept 0600 in --data-dir.",
    };

    public static Option<string?> JoinTokenFile { get; } = new("--join-token-file")
    {
        Description = "Read the join token from this file instead of the command line.",
    };

    public static Option<string?> CaFile { get; } = new("--certificate-authority")
    {
        Description = "CA certificate (PEM) of the API server; default: pki/ca.crt in ~/.everynode, where everynode server keeps it.",
    };

    public static Option<string?> Kubeconfig { get; } = new("--kubeconfig")
    {
        Description = "A kubeconfig to reach the API server instead of --server/--token (its current context).",
    };

    public static Option<string?> Name { get; } = new("--name")
    {
        Description = "Node name (default: the host name, lower-cased).",
    };

    public static Option<string> Runtime { get; } = new("--runtime")
    {
        Description = "Container runtime: process (sandboxed processes, default) or simulated (no processes; for teaching and scale).",
        DefaultValueFactory = _ => "process",
    };

    public static Option<TimeSpan> SimulatedStartDelay { get; } = new("--simulated-start-delay")
    {
        Description = "With --runtime simulated: how long starting a container takes (e.g. 2s), so ContainerCreating is visible.",
        DefaultValueFactory = _ => TimeSpan.Zero,
        CustomParser = r => Durations.Parse(r),
    };

    public static Option<string?> NodeIp { get; } = new("--node-ip")
    {
        Description = "The node's IP: InternalIP, pod IPs, and where the agent serves logs (default: the host's first non-loopback IPv4).",
    };

    public static Option<string[]> Labels { get; } = new("--labels")
    {
        Description = "Extra node labels, k=v,k2=v2.",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string[]> Taints { get; } = new("--register-with-taints")
    {
        Description = "Taints to register the node with, key=value:Effect,key2:Effect (Effect: NoSchedule, PreferNoSchedule, NoExecute).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<string?> Cpu { get; } = new("--cpu")
    {
        Description = "CPU capacity to report (e.g. 4 or 1500m; default: the host's).",
    };

    public static Option<string?> Memory { get; } = new("--memory")
    {
        Description = "Memory capacity to report (e.g. 8Gi; default: the host's).",
    };

    public static Option<int> MaxPods { get; } = new("--max-pods")
    {
        Description = "How many pods the node accepts.",
        DefaultValueFactory = _ => 110,
    };

    public static Option<string?> PodManifestPath { get; } = new("--pod-manifest-path")
    {
        Description = "Folder of static pod manifests (YAML or JSON, one Pod per file).",
    };

    public static Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder for pod volumes and container logs (default: ~/.everynode/agent-NAME).",
    };

    public static Option<string?> ImageStore { get; } = new("--image-store")
    {
        Description = "The node's image store for the process runtime (default: ~/.everynode/images).",
    };

    public static Option<string?> RegistryConfig { get; } = new("--registry-config")
    {
        Description = "The node's registry configuration, in k3s's registries.yaml format: mirrors, rewrites, credentials, TLS.",
    };

    public static Option<int> Port { get; } = new("--port")
    {
        Description = "HTTPS port of the agent's log endpoint, bound on the node IP only (0 picks a free port).",
        DefaultValueFactory = _ => 10250,
    };
}
