using System.CommandLine;
using Everynode.Agent;
using Everynode.Agent.Images;
using Everynode.Agent.Runtime;
using Everynode.Cli.Server;
using Everynode.Client.Connection;
using k8s;
using Microsoft.Extensions.Logging;

namespace Everynode.Cli.Agent;

/// <summary><c>everynode agent</c>: runs the node agent for one node until SIGINT/SIGTERM.</summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var command = new Command("agent", "Run a node agent: register this machine as a Node and run the pods bound to it.")
        {
            AgentCommandOptions.Server,
            AgentCommandOptions.Token,
            AgentCommandOptions.CaFile,
            AgentCommandOptions.Kubeconfig,
            AgentCommandOptions.Name,
            AgentCommandOptions.Runtime,
            AgentCommandOptions.SimulatedStartDelay,
            AgentCommandOptions.NodeIp,
            AgentCommandOptions.Labels,
            AgentCommandOptions.Taints,
            AgentCommandOptions.Cpu,
            AgentCommandOptions.Memory,
            AgentCommandOptions.MaxPods,
            AgentCommandOptions.PodManifestPath,
            AgentCommandOptions.DataDir,
            AgentCommandOptions.ImageStore,
            AgentCommandOptions.Port,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        AgentOptions options;
        Kubernetes client;
        string runtimeName = parse.GetValue(AgentCommandOptions.Runtime)!;
        string imageStore;
        try
        {
            (client, var token) = Connect(parse);
            var name = parse.GetValue(AgentCommandOptions.Name) ?? AgentArguments.DefaultNodeName();
            var dataDir = parse.GetValue(AgentCommandOptions.DataDir)
                ?? Path.Combine(ServerCommandOptions.DefaultDataDirectory(), "agent-" + name);
            imageStore = parse.GetValue(AgentCommandOptions.ImageStore) ?? ImageStore.DefaultDirectory(ServerCommandOptions.DefaultDataDirectory());
            options = new AgentOptions
            {
                NodeName = name,
                NodeIP = AgentArguments.ResolveNodeIP(parse.GetValue(AgentCommandOptions.NodeIp)),
                DataDirectory = Path.GetFullPath(dataDir),
                Labels = AgentArguments.ParseLabels(parse.GetValue(AgentCommandOptions.Labels) ?? []),
                Taints = AgentArguments.ParseTaints(parse.GetValue(AgentCommandOptions.Taints) ?? []),
                MilliCpu = parse.GetValue(AgentCommandOptions.Cpu) is { } cpu ? AgentArguments.ParseQuantity("--cpu", cpu, 1000m) : null,
                MemoryBytes = parse.GetValue(AgentCommandOptions.Memory) is { } memory ? AgentArguments.ParseQuantity("--memory", memory, 1m) : null,
                MaxPods = parse.GetValue(AgentCommandOptions.MaxPods),
                PodManifestPath = parse.GetValue(AgentCommandOptions.PodManifestPath) is { } manifests ? Path.GetFullPath(manifests) : null,
                Port = parse.GetValue(AgentCommandOptions.Port),
                ServingToken = token,
                ReportHostPressure = runtimeName != "simulated",
            };
            options.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        using var loggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        IContainerRuntime runtime;
        try
        {
            runtime = RuntimeFactory.Create(runtimeName, new RuntimeSettings
            {
                DataDirectory = options.DataDirectory,
                ImageStoreDirectory = Path.GetFullPath(imageStore),
                SimulatedStartDelay = parse.GetValue(AgentCommandOptions.SimulatedStartDelay),
            }, loggerFactory.CreateLogger("Everynode.Agent.Runtime"));
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        await using (runtime)
        using (client)
        {
            NodeAgent agent;
            try
            {
                agent = await NodeAgent.StartAsync(options, client, runtime, loggerFactory, ct);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 1;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return 0;
            }

            await using (agent)
            {
                Console.WriteLine($"everynode agent: node {options.NodeName} registered (runtime {runtime.Name}, node IP {options.NodeIP}, logs on port {agent.ServingPort})");
                await Console.Out.FlushAsync(ct);
                try
                {
                    await agent.Completion.WaitAsync(ct);
                    await Console.Error.WriteLineAsync("error: the node agent stopped unexpectedly");
                    return 1;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    Console.WriteLine("everynode agent stopping");
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    await Console.Error.WriteLineAsync($"error: the node agent failed: {e.Message}");
                    return 1;
                }
            }
        }

        return 0;
    }

    /// <summary>The API client and the token the agent also expects from callers of its own endpoint.</summary>
    internal static (Kubernetes Client, string Token) Connect(ParseResult parse)
    {
        if (parse.GetValue(AgentCommandOptions.Kubeconfig) is { } kubeconfig)
        {
            if (!File.Exists(kubeconfig))
            {
                throw new ArgumentException($"--kubeconfig: {kubeconfig} does not exist");
            }

            var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig);
            var token = config.AccessToken ?? throw new ArgumentException($"--kubeconfig: {kubeconfig} has no bearer token for its current user");
            return (KubernetesClientFactory.FromKubeconfig(kubeconfig, component: "kubelet"), token);
        }

        var server = parse.GetValue(AgentCommandOptions.Server) ?? throw new ArgumentException("--server URL and --token TOKEN (or --kubeconfig PATH) are required");
        var secret = parse.GetValue(AgentCommandOptions.Token) ?? throw new ArgumentException("--token is required with --server");
        var urls = new List<Uri>();
        foreach (var one in server.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(one, UriKind.Absolute, out var url) || url.Scheme != "https")
            {
                throw new ArgumentException($"--server must be https URLs (comma-separated for several servers), not \"{one}\"");
            }

            urls.Add(url);
        }

        if (urls.Count == 0)
        {
            throw new ArgumentException("--server must name at least one https URL");
        }

        var caFile = parse.GetValue(AgentCommandOptions.CaFile) ?? Path.Combine(ServerCommandOptions.DefaultDataDirectory(), "pki", "ca.crt");
        if (!File.Exists(caFile))
        {
            throw new ArgumentException($"--certificate-authority: {caFile} does not exist (copy pki/ca.crt from the server's data folder)");
        }

        try
        {
            return (KubernetesClientFactory.FromToken(urls, File.ReadAllText(caFile), secret, component: "kubelet"), secret);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new ArgumentException($"--certificate-authority: {caFile} is not a PEM certificate: {e.Message}", e);
        }
    }
}
