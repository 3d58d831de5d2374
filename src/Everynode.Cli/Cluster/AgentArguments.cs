using System.Globalization;

namespace Everynode.Cli.Cluster;

/// <summary>The command line of a local node's <c>everynode agent</c>.</summary>
internal static class AgentArguments
{
    public static IReadOnlyList<string> For(ClusterLayout layout, ClusterState state, LocalNode node, string token)
    {
        List<string> args =
        [
            "agent",
            "--server", state.ServerUrl ?? throw new InvalidOperationException("the server URL is not known yet"),
            "--token", token,
            "--name", node.Name,
            "--runtime", state.Runtime,
            "--node-ip", node.Ip,
            "--port", ClusterSettings.AgentPort.ToString(CultureInfo.InvariantCulture),
            "--data-dir", layout.NodeDirectory(node.Name),
        ];
        if (node.Labels.Count > 0)
        {
            args.AddRange(["--labels", string.Join(',', node.Labels)]);
        }

        if (node.Taints.Count > 0)
        {
            args.AddRange(["--register-with-taints", string.Join(',', node.Taints)]);
        }

        if (node.Cpu is { } cpu)
        {
            args.AddRange(["--cpu", cpu]);
        }

        if (node.Memory is { } memory)
        {
            args.AddRange(["--memory", memory]);
        }

        if (node.MaxPods is { } maxPods)
        {
            args.AddRange(["--max-pods", maxPods.ToString(CultureInfo.InvariantCulture)]);
        }

        return args;
    }
}
