namespace Everynode.Cli.Cluster;

/// <summary>
/// What <c>everynode up</c> started, kept in <c>DATA/run/cluster.json</c> so that <c>down</c>, <c>status</c>,
/// <c>node add/remove</c> and the next <c>up</c> know the cluster. Nodes stay listed while the cluster is down
/// (with no process), so they come back on the next <c>up</c>.
/// </summary>
internal sealed record ClusterState
{
    /// <summary>The HTTPS port the server was asked for (0: a free one) and the URL it answered on.</summary>
    public int Port { get; init; }

    public string? ServerUrl { get; init; }

    /// <summary>The node runtime every local node uses: <c>process</c> or <c>simulated</c>.</summary>
    public required string Runtime { get; init; }

    public ProcessRecord? Server { get; init; }

    /// <summary>The pid of a foreground <c>everynode up</c> that stops the cluster on Ctrl-C, if any.</summary>
    public ProcessRecord? Supervisor { get; init; }

    public IReadOnlyList<LocalNode> Nodes { get; init; } = [];

    public LocalNode? FindNode(string name) => Nodes.FirstOrDefault(n => n.Name == name);

    public ClusterState WithNode(LocalNode node) =>
        this with { Nodes = [.. Nodes.Where(n => n.Name != node.Name), node] };

    public ClusterState WithoutNode(string name) => this with { Nodes = [.. Nodes.Where(n => n.Name != name)] };
}
