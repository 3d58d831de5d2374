using System.CommandLine;
using System.Net;
using Everynode.ApiServer;
using Everynode.Client.LeaderElection;
using Everynode.Controllers.NodeLifecycle;
using Everynode.Controllers.PodGC;
using Microsoft.Extensions.Logging;

namespace Everynode.Cli.Server;

/// <summary><c>everynode server</c>: runs the control plane until SIGINT/SIGTERM.</summary>
internal static class ServerCommand
{
    public static Command Create()
    {
        var command = new Command("server", "Run the control plane (API server and datastore).")
        {
            ServerCommandOptions.DataDir,
            ServerCommandOptions.PkiDir,
            ServerCommandOptions.Port,
            ServerCommandOptions.BindAddress,
            ServerCommandOptions.Datastore,
            ServerCommandOptions.EtcdCaFile,
            ServerCommandOptions.EtcdCertFile,
            ServerCommandOptions.EtcdKeyFile,
            ServerCommandOptions.LeaderElect,
            ServerCommandOptions.Controllers,
            ServerCommandOptions.PodGcQuarantine,
            ServerCommandOptions.NodeMonitorGracePeriod,
            ServerCommandOptions.TerminatedPodGcThreshold,
            ServerCommandOptions.TokenAuthFile,
            ServerCommandOptions.AuditLogPath,
        };
        command.SetAction(RunAsync);
        return command;
    }

    /// <summary>The node lifecycle settings for a grace period: nodes are checked every 5 s (upstream), more often for short grace periods.</summary>
    private static NodeLifecycleOptions NodeLifecycleFor(TimeSpan gracePeriod) => new()
    {
        NodeMonitorGracePeriod = gracePeriod,
        NodeMonitorPeriod = gracePeriod > TimeSpan.Zero ? TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, Math.Max(gracePeriod.Ticks / 5, TimeSpan.FromMilliseconds(200).Ticks))) : TimeSpan.FromSeconds(5),
    };

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
            PkiDirectory = parse.GetValue(ServerCommandOptions.PkiDir) is { } pki ? Path.GetFullPath(pki) : null,
            Port = parse.GetValue(ServerCommandOptions.Port),
            BindAddress = bind,
            Datastore = parse.GetValue(ServerCommandOptions.Datastore),
            EtcdTls = new EtcdTlsFiles(
                parse.GetValue(ServerCommandOptions.EtcdCaFile), parse.GetValue(ServerCommandOptions.EtcdCertFile), parse.GetValue(ServerCommandOptions.EtcdKeyFile)),
            TokenAuthFile = parse.GetValue(ServerCommandOptions.TokenAuthFile) is { } tokens ? Path.GetFullPath(tokens) : null,
            AuditLogPath = parse.GetValue(ServerCommandOptions.AuditLogPath) is { } audit ? Path.GetFullPath(audit) : null,
        };
        ControlPlaneOptions controlPlane;
        try
        {
            options.Validate();
            var quarantine = parse.GetValue(ServerCommandOptions.PodGcQuarantine);
            controlPlane = new ControlPlaneOptions
            {
                Controllers = ControllerSelection.Parse(parse.GetValue(ServerCommandOptions.Controllers) ?? []),
                PodGc = new PodGcOptions
                {
                    QuarantineTime = quarantine,
                    TerminatedPodThreshold = parse.GetValue(ServerCommandOptions.TerminatedPodGcThreshold),
                    CheckPeriod = quarantine < TimeSpan.FromSeconds(20) && quarantine > TimeSpan.Zero ? quarantine : TimeSpan.FromSeconds(20),
                },
                NodeLifecycle = NodeLifecycleFor(parse.GetValue(ServerCommandOptions.NodeMonitorGracePeriod)),
                LeaderElection = parse.GetValue(ServerCommandOptions.LeaderElect) ?? options.IsEtcd
                    ? new LeaderElectionOptions { LeaseName = ControlPlane.LeaseName, Identity = LeaderElectionOptions.NewIdentity() }
                    : null,
            };
            controlPlane.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        ApiServerHost startedServer;
        try
        {
            startedServer = await ApiServerHost.StartAsync(options, loggerFactory, ct);
        }
        catch (TimeoutException e)
        {
            // An etcd datastore that no member of answers (wrong address, down, TLS refused).
            await Console.Error.WriteLineAsync($"error: the datastore did not answer: {e.Message}");
            return 1;
        }

        await using var server = startedServer;
        await using var components = ControlPlane.Start(server, controlPlane, loggerFactory, TimeProvider.System);
        Console.WriteLine($"everynode server listening on {server.Url}");
        Console.WriteLine($"kubeconfig: {server.KubeconfigPath}");
        Console.WriteLine($"  export KUBECONFIG={server.KubeconfigPath}");
        Console.WriteLine($"control plane: {string.Join(", ", controlPlane.Controllers.Enabled.Order(StringComparer.Ordinal))}");
        if (controlPlane.LeaderElection is { } election)
        {
            Console.WriteLine($"leader election: lease {election.LeaseNamespace}/{election.LeaseName} as {election.Identity}");
        }

        await Console.Out.FlushAsync(ct);
        try
        {
            await components.Completion.WaitAsync(ct);
            await Console.Error.WriteLineAsync("error: the control plane stopped unexpectedly");
            return 1;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.WriteLine("everynode server stopping");
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync($"error: the control plane failed: {e.Message}");
            return 1;
        }

        return 0;
    }
}
