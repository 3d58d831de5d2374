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

    public static Option<string?> PkiDir { get; } = new("--pki-dir")
    {
        Description = "Folder for the cluster CA and admin token, shared by several servers (HA) so that any server accepts any credential "
            + "(default: in the data directory).",
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
        Description = "sqlite://PATH (default: state.db in the data directory), memory:// (nothing kept) or etcd://HOST:PORT[,HOST:PORT…] (an etcd cluster several servers share).",
    };

    public static Option<string?> EtcdCaFile { get; } = new("--etcd-cafile")
    {
        Description = "PEM CA of the etcd members' serving certificates; turns on TLS to etcd.",
    };

    public static Option<string?> EtcdCertFile { get; } = new("--etcd-certfile")
    {
        Description = "PEM client certificate for etcd.",
    };

    public static Option<string?> EtcdKeyFile { get; } = new("--etcd-keyfile")
    {
        Description = "PEM private key of --etcd-certfile.",
    };

    public static Option<bool?> LeaderElect { get; } = new("--leader-elect")
    {
        Description = "Run the controllers and scheduler only while holding the Lease kube-system/everynode-control-plane, so that one of several servers acts "
            + "(default: true with an etcd datastore, false otherwise).",
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

    public static Option<string?> TokenAuthFile { get; } = new("--token-auth-file")
    {
        Description = "Static users, one CSV line each: token,user,uid,\"group1,group2\" (upstream's format).",
    };

    public static Option<string?> AuditLogPath { get; } = new("--audit-log-path")
    {
        Description = "Write an audit event (audit.k8s.io/v1, Metadata level, JSON lines) for every mutating request to this file.",
    };

    public static string DefaultDataDirectory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home.Length > 0 ? home : "/var/lib", ".everynode");
    }
}
