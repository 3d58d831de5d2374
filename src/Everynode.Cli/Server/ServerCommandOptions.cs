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

    public static string DefaultDataDirectory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home.Length > 0 ? home : "/var/lib", ".everynode");
    }
}
