using System.Globalization;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Agent;

/// <summary>The real <c>everynode agent</c> as a child process, joined to an <see cref="EverynodeServer"/>.</summary>
internal sealed class EverynodeAgentProcess : IAsyncDisposable
{
    private const string RegisteredPrefix = "everynode agent: node ";
    private readonly ChildProcess _process;

    private EverynodeAgentProcess(ChildProcess process) => _process = process;

    public string Output => $"stdout:\n{_process.Stdout.Text}\nstderr:\n{_process.Stderr.Text}";

    /// <summary>Sends the agent a signal: <c>STOP</c> freezes it as a hung machine would, <c>CONT</c> thaws it.</summary>
    public Task SignalAsync(string signal) => Signals.SendAsync(_process.Id, signal, CancellationToken.None);

    /// <summary>Starts an agent for <paramref name="nodeName"/> and returns once it says its node is registered.</summary>
    public static async Task<EverynodeAgentProcess> StartAsync(
        EverynodeServer server, string nodeName, string dataDirectory, string runtime = "simulated", params string[] extraArgs)
    {
        var token = (await File.ReadAllTextAsync(Path.Combine(server.Options.DataDirectory, "admin.token"))).Trim();
        List<string> args =
        [
            "agent", "--server", server.Url.ToString(), "--token", token,
            "--certificate-authority", Path.Combine(server.Options.DataDirectory, "pki", "ca.crt"),
            "--name", nodeName, "--runtime", runtime, "--node-ip", "127.0.0.1", "--port", 0.ToString(CultureInfo.InvariantCulture),
            "--data-dir", dataDirectory,
        ];
        args.AddRange(extraArgs);
        var process = ChildProcess.Start(EverynodeBinary.StartInfo(args));
        try
        {
            await process.Stdout.WaitUntilAsync(
                l => l.Any(x => x.StartsWith(RegisteredPrefix, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), "the agent's registered line", CancellationToken.None);
            return new EverynodeAgentProcess(process);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            var output = $"stdout:\n{process.Stdout.Text}\nstderr:\n{process.Stderr.Text}";
            process.Dispose();
            throw new InvalidOperationException($"everynode agent did not start: {e.Message}\n{output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // A frozen agent would never act on SIGTERM.
            await Signals.SendAsync(_process.Id, "CONT", CancellationToken.None);
            await Signals.SendAsync(_process.Id, "TERM", CancellationToken.None);
            if (!await _process.WaitForExitAsync(TimeSpan.FromSeconds(10)))
            {
                await _process.KillAsync();
            }
        }

        _process.Dispose();
    }
}
