namespace Everynode.Cli.Cluster;

/// <summary>One local node: what its agent is started with, and its process while it runs.</summary>
internal sealed record LocalNode
{
    public required string Name { get; init; }

    /// <summary>The node's own loopback address (127.0.1.x), its InternalIP and where its agent listens.</summary>
    public required string Ip { get; init; }

    /// <summary>Labels in <c>k=v</c> form, as <c>--labels</c> takes them.</summary>
    public IReadOnlyList<string> Labels { get; init; } = [];

    /// <summary>Taints in <c>k=v:Effect</c> form, as <c>--register-with-taints</c> takes them.</summary>
    public IReadOnlyList<string> Taints { get; init; } = [];

    public string? Cpu { get; init; }

    public string? Memory { get; init; }

    public int? MaxPods { get; init; }

    public ProcessRecord? Process { get; init; }
}
