using System.CommandLine;
using Everynode.Agent;
using Everynode.Agent.Images;
using Everynode.Agent.Images.Registry;
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
            AgentCommandOptions.JoinToken,
            AgentCommandOptions.JoinTokenFile,
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
            AgentCommandOptions.RegistryConfig,
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
            var name = parse.GetValue(AgentCommandOptions.Name) ?? AgentArguments.DefaultNodeName();
            var dataDir = parse.GetValue(AgentCommandOptions.DataDir)
                ?? Path.Combine(ServerCommandOptions.DefaultDataDirectory(), "agent-" + name);
            (client, var token) = await ConnectAsync(parse, name, Path.GetFullPath(dataDir), ct);
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
        catch (Exception e) when (e is InvalidOperationException or HttpRequestException)
        {
            await Console.Error.WriteLineAsync($"error: joining the cluster failed: {e.Message}");
            return 1;
        }

        using var loggerFactory = LoggerFactory.Create(l => l.AddSimpleConsole(o => o.SingleLine = true)
            .SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning));
        IContainerRuntime runtime;
        try
        {
            var registries = parse.GetValue(AgentCommandOptions.RegistryConfig) is { } registryFile
                ? RegistryConfig.Load(registryFile)
                : RegistryConfig.Empty;
            runtime = RuntimeFactory.Create(runtimeName, new RuntimeSettings
            {
                DataDirectory = options.DataDirectory,
                ImageStoreDirectory = Path.GetFullPath(imageStore),
                Registries = registries,
                SimulatedStartDelay = parse.GetValue(AgentCommandOptions.SimulatedStartDelay),
            }, loggerFactory.CreateLogger("Everynode.Agent.Runtime"));
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (FormatException e)
        {
            await Console.Error.WriteLineAsync($"error: --registry-config: {e.Message}");
            return 2;
        }

        await using (runtime)
        using (client)
        {
            if (runtime.Name == "process")
            {
                // Air-gapped nodes: archives dropped in the agent's images/ folder, as k3s's agent/images/.
                await new ImageStore(Path.GetFullPath(imageStore)).ImportDroppedAsync(
                    Path.Combine(options.DataDirectory, "images"), line => Console.WriteLine("everynode agent: " + line), ct);
            }

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
    private static async Task<(Kubernetes Client, string Token)> ConnectAsync(ParseResult parse, string nodeName, string dataDir, CancellationToken ct)
    {
        var joinToken = parse.GetValue(AgentCommandOptions.JoinToken)
            ?? (parse.GetValue(AgentCommandOptions.JoinTokenFile) is { } file ? File.ReadAllText(file).Trim() : null);
        if (joinToken is null)
        {
            return Connect(parse);
        }

        var urls = ServerUrls(parse.GetValue(AgentCommandOptions.Server) ?? throw new ArgumentException("--server URL is required with --join-token"));
        var caPem = ReadCa(parse);
        var credential = NodeCredentialFile.Load(dataDir);
        if (credential is not null)
        {
            var client = KubernetesClientFactory.FromToken(urls, caPem, credential.Token, component: "kubelet");
            if (await IsAcceptedAsync(client, ct))
            {
                // The agent's log endpoint accepts the serving token the server was given with this credential.
                return (client, credential.ServingToken);
            }

            // A cluster that does not know the credential (its datastore was replaced): join again.
            client.Dispose();
        }

        credential = await NodeCredentialFile.ExchangeAsync(urls[0], caPem, joinToken, nodeName, ct);
        credential.Save(dataDir);
        return (KubernetesClientFactory.FromToken(urls, caPem, credential.Token, component: "kubelet"), credential.ServingToken);
    }

    /// <summary>False only when the server answers 401 (the credential is unknown); other failures are the agent's to retry.</summary>
    private static async Task<bool> IsAcceptedAsync(Kubernetes client, CancellationToken ct)
    {
        try
        {
            await client.AuthenticationV1.CreateSelfSubjectReviewAsync(new k8s.Models.V1SelfSubjectReview(), cancellationToken: ct);
            return true;
        }
        catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Unauthorized)
        {
            return false;
        }
        catch (HttpRequestException)
        {
            return true;
        }
    }

    private static string ReadCa(ParseResult parse)
    {
        var caFile = parse.GetValue(AgentCommandOptions.CaFile) ?? Path.Combine(ServerCommandOptions.DefaultDataDirectory(), "pki", "ca.crt");
        return File.Exists(caFile)
            ? File.ReadAllText(caFile)
            : throw new ArgumentException($"--certificate-authority: {caFile} does not exist (copy pki/ca.crt from the server's data folder)");
    }

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
        var urls = ServerUrls(server);
        var caPem = ReadCa(parse);
        try
        {
            return (KubernetesClientFactory.FromToken(urls, caPem, secret, component: "kubelet"), secret);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw new ArgumentException($"--certificate-authority is not a PEM certificate: {e.Message}", e);
        }
    }

    /// <summary>--server: one https URL, or several of one cluster separated by commas (the agent fails over).</summary>
    private static List<Uri> ServerUrls(string server)
    {
        var urls = new List<Uri>();
        foreach (var one in server.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(one, UriKind.Absolute, out var url) || url.Scheme != "https")
            {
                throw new ArgumentException($"--server must be https URLs (comma-separated for several servers), not \"{one}\"");
            }

            urls.Add(url);
        }

        return urls.Count > 0 ? urls : throw new ArgumentException("--server must name at least one https URL");
    }
}
