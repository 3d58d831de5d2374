using System.CommandLine;
using System.Net;
using Everynode.ApiServer;

namespace Everynode.Cli.Server;

/// <summary><c>everynode server</c>: runs the control plane until SIGINT/SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var command = new Command("server", "Run the control plane (API server and datastore).")
        {
            ServerCommandOptions.DataDir,
            ServerCommandOptions.Port,
            ServerCommandOptions.BindAddress,
            ServerCommandOptions.Datastore,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        if (!IPAddress.TryParse(parse.GetValue(ServerCommandOptions.BindAddress), out var bind))
        {
            await Console.Error.WriteLineAsync("error: --bind-address must be an IP address");
            return 2;
        }

        var options = new ApiServerOptions
        {
            DataDirectory = Path.GetFullPath(parse.GetValue(ServerCommandOptions.DataDir)!),
            Port = parse.GetValue(ServerCommandOptions.Port),
            BindAddress = bind,
            Datastore = parse.GetValue(ServerCommandOptions.Datastore),
        };
        try
        {
            options.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await using var server = await ApiServerHost.StartAsync(options, null, ct);
        Console.WriteLine($"everynode server listening on {server.Url}");
        Console.WriteLine($"kubeconfig: {server.KubeconfigPath}");
        Console.WriteLine($"  export KUBECONFIG={server.KubeconfigPath}");
        await Console.Out.FlushAsync(ct);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine("everynode server stopping");
        }

        return 0;
    }
}
