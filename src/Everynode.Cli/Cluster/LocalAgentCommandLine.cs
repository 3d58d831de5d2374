using System.Globalization;

namespace Everynode.Cli.Cluster;

/// <summary>
/// The command line of a local node's <c>everynode agent</c>. The agent reaches the server through the kubeconfig
/// the server wrote (URL, CA and admin token), so the token never shows in the process list or the state file.
/// </summary>
internal static class LocalAgentCommandLine
{
    public static IReadOnlyList<string> For(ClusterLayout layout, ClusterState state, LocalNode node)
    {
        List<string> args =
        [
            "agent",
            "--kubeconfig", layout.KubeconfigPath,
            "--name", node.Name,
            "--runtime", state.Runtime,
            "--node-ip", node.Ip,
            "--port", ClusterSettings.AgentPort.ToString(CultureInfo.InvariantCulture),
            "--data-dir", layout.NodeDirectory(node.Name),
            "--image-store", layout.ImageDirectory,
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
