using System.Globalization;
using Everynode.Cli.Cluster;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Up;

/// <summary>
/// A local cluster made by the real <c>everynode up</c> in a temporary data directory, on a port of its own, with
/// its kubeconfig written only into the temporary directory. Disposing it runs <c>everynode down</c> and then
/// kills, by the pids the state file recorded, anything of the cluster still running.
/// </summary>
internal sealed class LocalClusterRun : IAsyncDisposable
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(150);

    private readonly TempDirectory _directory = new("everynode-e2e-");

    public LocalClusterRun()
    {
        DataDirectory = Path.Combine(_directory.Path, "data");
        KubeconfigPath = Path.Combine(_directory.Path, "kubeconfig.yaml");
        Port = FreePorts.One();
        Kubectl = new Kubectl(KubeconfigPath, Path.Combine(_directory.Path, "kubectl-cache"));
    }

    public string DataDirectory { get; }

    public string KubeconfigPath { get; }

    public int Port { get; }

    public Kubectl Kubectl { get; }

    /// <summary>The cluster's state file as it is now.</summary>
    public ClusterState? State => ClusterStateFile.Load(new ClusterLayout(DataDirectory));

    /// <summary><c>everynode up --detach</c> with this run's data directory, port and kubeconfig, plus <paramref name="args"/>.</summary>
    public Task<CommandResult> UpAsync(params string[] args) => UpWithinAsync(CommandTimeout, args);

    /// <summary>As <see cref="UpAsync"/>, failing when it takes longer than <paramref name="timeout"/>.</summary>
    public Task<CommandResult> UpWithinAsync(TimeSpan timeout, params string[] args) =>
        RunAsync(["up", "--detach", "--data-dir", DataDirectory, "--port", Port.ToString(CultureInfo.InvariantCulture), "--kubeconfig", KubeconfigPath, .. args], timeout);

    /// <summary><c>everynode SUBCOMMAND ARGS --data-dir DATA</c>.</summary>
    public Task<CommandResult> CommandAsync(params string[] args) => RunAsync([.. args, "--data-dir", DataDirectory]);

    public async Task<CommandResult> RunAsync(IReadOnlyList<string> args, TimeSpan? timeout = null)
    {
        var limit = timeout ?? CommandTimeout;
        using var child = ChildProcess.Start(EverynodeBinary.StartInfo(args));
        if (!await child.WaitForExitAsync(limit))
        {
            await child.KillAsync();
            Assert.Fail($"`{child.CommandLine}` did not finish within {limit.TotalSeconds:0} s\nstdout:\n{child.Stdout.Text}\nstderr:\n{child.Stderr.Text}\n{Logs()}");
        }

        var result = child.Result();
        return result.ExitCode == 0 ? result : result with { Stderr = result.Stderr + "\n" + Logs() };
    }

    /// <summary>The nodes kubectl lists, with whether each is Ready.</summary>
    public async Task<Dictionary<string, string>> NodeStatusesAsync()
    {
        var result = (await Kubectl.SucceedAsync("get", "nodes", "-o",
            "jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type==\"Ready\")].status}{\"\\n\"}{end}")).Stdout;
        return result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=')).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
    }

    /// <summary>Every log file of the cluster's processes (their ends), for failure messages.</summary>
    public string Logs()
    {
        var logs = Path.Combine(DataDirectory, "logs");
        if (!Directory.Exists(logs))
        {
            return "(no logs)";
        }

        return string.Join("\n", Directory.GetFiles(logs, "*.log").Order(StringComparer.Ordinal)
            .Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', LocalProcesses.Tail(f, 30))}"));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(DataDirectory, "run", "cluster.json")))
            {
                await RunAsync(["down", "--data-dir", DataDirectory]);
            }
        }
        finally
        {
            // Whatever `down` left (it should leave nothing) is killed by its recorded pid, never by name.
            if (State is { } state)
            {
                foreach (var process in state.Nodes.Select(n => n.Process).Append(state.Server).OfType<ProcessRecord>())
                {
                    await LocalProcesses.StopAsync(process, TimeSpan.Zero, CancellationToken.None);
                }
            }

            _directory.Delete();
        }
    }
}
