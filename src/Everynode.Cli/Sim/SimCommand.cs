using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Everynode.Agent.Simulation;
using Everynode.Cli.Agent;
using k8s;
using Microsoft.Extensions.Logging;

namespace Everynode.Cli.Sim;

/// <summary><c>everynode sim</c>: many simulated nodes in one process, until SIGINT/SIGTERM.</summary>
internal static class SimCommand
{
    /// <summary>The line the simulator prints once every node is registered (<c>up</c> and <c>bench</c> wait for it).</summary>
    public const string ReadyPrefix = "everynode sim: registered ";

    public static Command Create()
    {
        var command = new Command("sim", "Run many simulated nodes in one process: Nodes, Leases and pod status, no containers.")
        {
            AgentCommandOptions.Server,
            AgentCommandOptions.Token,
            AgentCommandOptions.CaFile,
            AgentCommandOptions.Kubeconfig,
            SimCommandOptions.Nodes,
            SimCommandOptions.Prefix,
            SimCommandOptions.Names,
            AgentCommandOptions.Labels,
            AgentCommandOptions.Taints,
            AgentCommandOptions.Cpu,
            AgentCommandOptions.Memory,
            AgentCommandOptions.MaxPods,
            SimCommandOptions.StartDelay,
            SimCommandOptions.FirstNodeIp,
            SimCommandOptions.MaxConcurrentWrites,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        SimulatedFleetOptions options;
        List<string> names;
        Dictionary<string, IPAddress> addresses;
        Kubernetes client;
        try
        {
            (names, addresses) = NodeNames(parse);
            options = new SimulatedFleetOptions
            {
                Labels = AgentArguments.ParseLabels(parse.GetValue(AgentCommandOptions.Labels) ?? []),
                Taints = AgentArguments.ParseTaints(parse.GetValue(AgentCommandOptions.Taints) ?? []),
                MilliCpu = parse.GetValue(AgentCommandOptions.Cpu) is { } cpu ? AgentArguments.ParseQuantity("--cpu", cpu, 1000m) : 4000,
                MemoryBytes = parse.GetValue(AgentCommandOptions.Memory) is { } memory ? AgentArguments.ParseQuantity("--memory", memory, 1m) : 16L << 30,
                MaxPods = parse.GetValue(AgentCommandOptions.MaxPods),
                StartDelay = parse.GetValue(SimCommandOptions.StartDelay),
                FirstNodeIP = IPAddress.TryParse(parse.GetValue(SimCommandOptions.FirstNodeIp), out var ip)
                    ? ip : throw new ArgumentException($"--node-ip: \"{parse.GetValue(SimCommandOptions.FirstNodeIp)}\" is not an IP address"),
                MaxConcurrentWrites = parse.GetValue(SimCommandOptions.MaxConcurrentWrites),
            };
            options.Validate();
            (client, _) = AgentCommand.Connect(parse);
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Warning).AddFilter("Everynode.Agent.Simulation", LogLevel.Information));
        using (client)
        {
            try
            {
                var clock = Stopwatch.StartNew();
                await using var fleet = await SimulatedFleet.StartAsync(options, client, loggerFactory, ct);
                await fleet.AddNodesAsync(names, addresses, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{ReadyPrefix}{fleet.NodeCount} nodes in {clock.Elapsed.TotalSeconds:0.0} s ({names[0]} … {names[^1]}, pid {Environment.ProcessId})"));
                await Console.Out.FlushAsync(ct);
                await fleet.Completion.WaitAsync(ct);
                await Console.Error.WriteLineAsync("error: the simulated nodes stopped unexpectedly");
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                Console.WriteLine("everynode sim stopping");
                return 0;
            }
            catch (Exception e) when (!ct.IsCancellationRequested && e is not OutOfMemoryException)
            {
                await Console.Error.WriteLineAsync($"error: the simulated nodes failed: {e.Message}");
                return 1;
            }
        }
    }

    /// <summary>
    /// The node names from <c>--names</c> (each optionally <c>NAME=IP</c>, its InternalIP), or <c>--nodes N</c>
    /// names with <c>--prefix</c>.
    /// </summary>
    private static (List<string> Names, Dictionary<string, IPAddress> Addresses) NodeNames(ParseResult parse)
    {
        var listed = (parse.GetValue(SimCommandOptions.Names) ?? [])
            .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        var count = parse.GetValue(SimCommandOptions.Nodes);
        var addresses = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        if (listed.Count > 0)
        {
            if (parse.GetResult(SimCommandOptions.Nodes) is { Implicit: false } && count != listed.Count)
            {
                throw new ArgumentException($"--nodes {count} and --names with {listed.Count} names disagree; give one of them");
            }

            var names = new List<string>();
            foreach (var item in listed)
            {
                var eq = item.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    names.Add(item);
                    continue;
                }

                names.Add(item[..eq]);
                addresses[item[..eq]] = IPAddress.TryParse(item[(eq + 1)..], out var ip) ? ip : throw new ArgumentException($"--names: \"{item}\" is not NAME or NAME=IP");
            }

            return (names, addresses);
        }

        if (count < 1)
        {
            throw new ArgumentException("--nodes N (at least 1) or --names is required");
        }

        var prefix = parse.GetValue(SimCommandOptions.Prefix)!;
        return ([.. Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture))], addresses);
    }
}
