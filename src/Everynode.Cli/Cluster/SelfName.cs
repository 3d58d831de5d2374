using Everynode.Cli.Server;

namespace Everynode.Cli.Cluster;

/// <summary>
/// How the user runs this program, for hints such as "run ./everynode down": the repository's launcher exports
/// <c>EVERYNODE_LAUNCHER</c> as it was typed; otherwise it is <c>everynode</c>.
/// </summary>
internal static class SelfName
{
    public static string Command =>
        Environment.GetEnvironmentVariable("EVERYNODE_LAUNCHER") is { Length: > 0 } launcher ? launcher : "everynode";

    /// <summary>A command line to suggest, with <c>--data-dir</c> when the cluster is not in the default folder.</summary>
    public static string Hint(string subcommand, ClusterLayout layout) =>
        layout.DataDirectory == Path.GetFullPath(ServerCommandOptions.DefaultDataDirectory())
            ? $"{Command} {subcommand}"
            : $"{Command} {subcommand} --data-dir {layout.DataDirectory}";
}
