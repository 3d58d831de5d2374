using Everynode.ApiServer;

namespace Everynode.Cli.Cluster;

/// <summary>The kubeconfig file <c>kubectl</c> reads by default, and merging the cluster's entries into it.</summary>
internal static class UserKubeconfig
{
    /// <summary>
    /// The first file of <c>$KUBECONFIG</c> (kubectl writes context changes there too), else <c>~/.kube/config</c>.
    /// </summary>
    public static string DefaultPath()
    {
        var fromEnvironment = (Environment.GetEnvironmentVariable("KUBECONFIG") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        if (fromEnvironment is not null)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home.Length > 0 ? home : "/root", ".kube", "config");
    }

    /// <summary>Merges <paramref name="clusterKubeconfig"/> into the file at <paramref name="path"/> (created, mode 0600).</summary>
    public static void MergeInto(string path, string clusterKubeconfig)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : null;
        Kubeconfig.Write(path, KubeconfigMerge.Merge(existing, clusterKubeconfig));
    }
}
