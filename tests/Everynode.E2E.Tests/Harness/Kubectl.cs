using System.Diagnostics;

namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// Runs the real <c>kubectl</c> (from PATH, or the given client such as <c>kubectl.1.27</c>) against one kubeconfig,
/// with a timeout on every command.
/// </summary>
internal sealed class Kubectl(string kubeconfigPath, string cacheDirectory, string executable = "kubectl")
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public string KubeconfigPath { get; } = kubeconfigPath;

    /// <summary>Runs <c>kubectl ARGS</c> to completion; a command that outlives its timeout is killed and fails the test.</summary>
    public async Task<CommandResult> RunAsync(IReadOnlyList<string> args, string? stdin = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        using var child = Start(args, stdin);
        var limit = timeout ?? DefaultTimeout;
        if (!await child.WaitForExitAsync(limit, ct))
        {
            await child.KillAsync(ct);
            Assert.Fail($"`{child.CommandLine}` did not finish within {limit.TotalSeconds:0} s\nstdout:\n{child.Stdout.Text}\nstderr:\n{child.Stderr.Text}");
        }

        return child.Result();
    }

    public Task<CommandResult> RunAsync(params string[] args) => RunAsync(args, stdin: null);

    /// <summary>Runs <c>kubectl ARGS</c> and fails the test unless it exits 0.</summary>
    public async Task<CommandResult> SucceedAsync(params string[] args) => (await RunAsync(args)).EnsureSuccess();

    /// <summary><c>kubectl apply --validate=false -f -</c> with the manifest on stdin.</summary>
    public Task<CommandResult> ApplyAsync(string manifest, CancellationToken ct = default) =>
        RunAsync(["apply", "--validate=false", "-f", "-"], manifest, ct: ct);

    /// <summary>
    /// The same kubeconfig through one installed client version (<c>kubectl.1.27</c> … <c>kubectl.1.33</c>, beside the
    /// dispatcher on PATH), with a cache of its own; "" is the dispatcher itself.
    /// </summary>
    public Kubectl Client(string minor) => minor.Length == 0
        ? this
        : new Kubectl(KubeconfigPath, cacheDirectory + "-" + minor, Path.Combine(ClientDirectory.Value, "kubectl." + minor));

    private static readonly Lazy<string> ClientDirectory = new(() =>
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("these end-to-end tests need the real kubectl on PATH");
        return Path.GetDirectoryName(new FileInfo(onPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? onPath)!;
    });

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>); the caller stops it.</summary>
    public ChildProcess Start(IReadOnlyList<string> args, string? stdin = null)
    {
        var startInfo = new ProcessStartInfo(executable);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.ArgumentList.Add($"--kubeconfig={KubeconfigPath}");
        startInfo.ArgumentList.Add($"--cache-dir={cacheDirectory}");
        startInfo.Environment["KUBECONFIG"] = KubeconfigPath;
        try
        {
            return ChildProcess.Start(startInfo, stdin);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("these end-to-end tests need the real kubectl on PATH", e);
        }
    }
}
