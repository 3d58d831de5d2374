using System.CommandLine;

namespace Everynode.Cli.Server;

/// <summary>The flags of <c>everynode server</c>.</summary>
internal static class ServerCommandOptions
{
    public static Option<string> DataDir { get; } = new("--data-dir")
    {
        Description = "Folder for the datastore, certificates, admin token and kubeconfig.",
        DefaultValueFactory = _ => DefaultDataDirectory(),
    };

    public static Option<int> Port { get; } = new("--port")
    {
        Description = "HTTPS port of the API server (0 picks a free port and reports it).",
        DefaultValueFactory = _ => 6443,
    };

    public static Option<string> BindAddress { get; } = new("--bind-address")
    {
        Description = "Address to listen on.",
        DefaultValueFactory = _ => "0.0.0.0",
    };

    public static Option<string?> Datastore { get; } = new("--datastore")
    {
        Description = "sqlite://PATH (default: state.db in the data directory) or memory:// (nothing kept).",
    };

    public static Option<string[]> Controllers { get; } = new("--controllers")
    {
        Description = "Control-plane components to run: '*' for all (daemonset, scheduler, garbagecollector, podgc, nodelifecycle, tainteviction, disruption, replicaset, deployment), "
            + "'name' to enable one, '-name' to disable one, '-*' for none; comma-separated, as kube-controller-manager reads it.",
        DefaultValueFactory = _ => ["*"],
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<TimeSpan> PodGcQuarantine { get; } = new("--pod-gc-quarantine")
    {
        Description = "How long a node must be gone before the pods bound to it are deleted (upstream's fixed 40s).",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(40),
        CustomParser = r => Durations.Parse(r),
    };

    public static Option<int> TerminatedPodGcThreshold { get; } = new("--terminated-pod-gc-threshold")
    {
        Description = "Terminated pods kept before pod GC deletes the oldest (upstream's default 12500; 0 keeps them all).",
        DefaultValueFactory = _ => 12500,
    };

    public static Option<TimeSpan> NodeMonitorGracePeriod { get; } = new("--node-monitor-grace-period")
    {
        Description = "How long a node may send no heartbeat before it is marked Unknown and tainted unreachable (upstream's default 50s).",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(50),
        CustomParser = r => Durations.Parse(r),
    };

    public static string DefaultDataDirectory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home.Length > 0 ? home : "/var/lib", ".everynode");
    }
}
