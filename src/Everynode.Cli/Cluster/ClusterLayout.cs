namespace Everynode.Cli.Cluster;

/// <summary>
/// Where a local cluster keeps its files inside its data directory. The server's own files (datastore,
/// certificates, admin token, kubeconfig) sit at the top, as <c>everynode server</c> lays them out.
/// </summary>
internal sealed class ClusterLayout(string dataDirectory)
{
    public string DataDirectory { get; } = Path.GetFullPath(dataDirectory);

    /// <summary>The state file: which processes make up the cluster (<see cref="ClusterState"/>).</summary>
    public string StatePath => Path.Combine(RunDirectory, "cluster.json");

    /// <summary>Held while a command changes the cluster, so two commands never start the same node twice.</summary>
    public string LockPath => Path.Combine(RunDirectory, "lock");

    public string RunDirectory => Path.Combine(DataDirectory, "run");

    public string LogDirectory => Path.Combine(DataDirectory, "logs");

    /// <summary>The image store every local node shares.</summary>
    public string ImageDirectory => Path.Combine(DataDirectory, "images");

    /// <summary>The nodes' registry configuration (registries.yaml), when the cluster has one.</summary>
    public string RegistryConfigPath => Path.Combine(DataDirectory, "registries.yaml");

    public string KubeconfigPath => Path.Combine(DataDirectory, "kubeconfig.yaml");

    public string LogPath(string processName) => Path.Combine(LogDirectory, processName + ".log");

    public string NodeDirectory(string nodeName) => Path.Combine(DataDirectory, "nodes", nodeName);
}
