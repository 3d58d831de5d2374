using System.Globalization;

namespace Everynode.Cli.Cluster;

/// <summary>
/// The command line of a local node's <c>everynode agent</c>. The agent joins with the join token in
/// DATA/run/join-token (a file, so it never shows in the process list) and then uses its own node credential.
/// </summary>
internal static class LocalAgentCommandLine
{
    public static IReadOnlyList<string> For(ClusterLayout layout, ClusterState state, LocalNode node)
    {
        // A node with labels a node may not set on itself (node-role.kubernetes.io/control-plane) is the control
        // plane's own: like kubeadm, which labels such nodes with admin credentials, its agent uses the admin kubeconfig.
        var labelKeys = node.Labels.Select(l => l.Split('=')[0]);
        IEnumerable<string> credentials = Everynode.Api.Authorization.NodeRestriction.ForbiddenLabels(labelKeys).Count > 0
            ? ["--kubeconfig", layout.KubeconfigPath]
            :
            [
                "--server", state.ServerUrl ?? throw new InvalidOperationException("the server's URL is not known yet"),
                "--certificate-authority", Path.Combine(layout.DataDirectory, "pki", "ca.crt"),
                "--join-token-file", Path.Combine(layout.RunDirectory, "join-token"),
            ];
        List<string> args =
        [
            "agent",
            .. credentials,
            "--name", node.Name,
            "--runtime", state.Runtime,
            "--node-ip", node.Ip,
            "--port", ClusterSettings.AgentPort.ToString(CultureInfo.InvariantCulture),
            "--data-dir", layout.NodeDirectory(node.Name),
            "--image-store", layout.ImageDirectory,
        ];
        if (File.Exists(layout.RegistryConfigPath))
        {
            args.AddRange(["--registry-config", layout.RegistryConfigPath]);
        }

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
