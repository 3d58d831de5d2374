using System.Diagnostics;

namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// Runs the real <c>kubectl</c> against one kubeconfig, with a timeout on every command: the dispatcher on PATH by
/// default, or one specific client (<see cref="KubectlClients"/>) when <paramref name="clientPath"/> is given.
/// </summary>
internal sealed class Kubectl(string kubeconfigPath, string cacheDirectory, string clientPath = "kubectl")
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public string KubeconfigPath { get; } = kubeconfigPath;

    /// <summary>The executable run: <c>kubectl</c> (found on PATH) or a client's full path.</summary>
    public string ClientPath { get; } = clientPath;

    /// <summary>The same cluster through another client, with a discovery cache of its own.</summary>
    public Kubectl WithClient(string path, string cache) => new(KubeconfigPath, cache, path);

    /// <summary>Runs <c>kubectl ARGS</c> to completion; a command that outlives its timeout is killed and fails the test.</summary>
    public Task<CommandResult> RunAsync(IReadOnlyList<string> args, string? stdin = null, TimeSpan? timeout = null, CancellationToken ct = default) =>
        RunAsync(args, stdin, workingDirectory: null, environment: null, timeout, ct);

    /// <summary>Runs <c>kubectl ARGS</c> in <paramref name="workingDirectory"/> with extra environment variables.</summary>
    public async Task<CommandResult> RunAsync(
        IReadOnlyList<string> args,
        string? stdin,
        string? workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        TimeSpan? timeout = null,
        CancellationToken ct = default)
    {
        using var child = Start(args, stdin, workingDirectory, environment);
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

    /// <summary><c>kubectl apply -f -</c> with the manifest on stdin, validated as kubectl validates by default.</summary>
    public Task<CommandResult> ApplyAsync(string manifest, CancellationToken ct = default) =>
        RunAsync(["apply", "-f", "-"], manifest, ct: ct);

    /// <summary>
    /// The same kubeconfig through one installed client version (<c>kubectl.1.27</c> … <c>kubectl.1.33</c>, beside the
    /// dispatcher on PATH), with a cache of its own; "" is the dispatcher itself.
    /// </summary>
    public Kubectl Client(string minor) => minor.Length == 0
        ? this
        : WithClient(
            KubectlClients.PathOf(int.Parse(minor.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture))
                ?? throw new InvalidOperationException($"kubectl {minor} is not installed beside the dispatcher"),
            cacheDirectory + "-" + minor);

    /// <summary>Starts a long-running kubectl (such as <c>get -w</c>); the caller stops it.</summary>
    public ChildProcess Start(IReadOnlyList<string> args, string? stdin = null) => Start(args, stdin, workingDirectory: null, environment: null);

    /// <summary>Starts kubectl in <paramref name="workingDirectory"/> with extra environment variables (such as <c>KUBE_EDITOR</c>).</summary>
    public ChildProcess Start(IReadOnlyList<string> args, string? stdin, string? workingDirectory, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(ClientPath);
        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        // kubectl's own flags go before a `--` (after it, `create deployment … -- CMD` takes everything as the command).
        var dashes = args.ToList().IndexOf("--");
        var own = dashes < 0 ? args : args.Take(dashes);
        foreach (var arg in own)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.ArgumentList.Add($"--kubeconfig={KubeconfigPath}");
        startInfo.ArgumentList.Add($"--cache-dir={cacheDirectory}");
        foreach (var arg in dashes < 0 ? [] : args.Skip(dashes))
        {
            startInfo.ArgumentList.Add(arg);
        }
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
