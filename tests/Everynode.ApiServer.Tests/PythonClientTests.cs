using System.Diagnostics;
using k8s;

namespace Everynode.ApiServer.Tests;

/// <summary>The official Python client (Debian's python3-kubernetes) against the server.</summary>
public sealed class PythonClientTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    /// <summary>Debian's interpreter, which has python3-kubernetes; the python first on PATH may not.</summary>
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task PythonClient_CreatesReadsPatchesListsWatchesAndSeesValidationErrors()
    {
        var ns = "py-" + Guid.NewGuid().ToString("N")[..8];
        var (exit, output) = await RunScriptAsync("daemonset_roundtrip.py", server.Host.KubeconfigPath, ns);
        Assert.True(exit == 0, $"the script failed with exit code {exit}:\n{output}");
        Assert.Contains("ok: namespace created", output, StringComparison.Ordinal);
        Assert.Contains("ok: daemonset read back with defaults", output, StringComparison.Ordinal);
        Assert.Contains("ok: daemonset patched", output, StringComparison.Ordinal);
        Assert.Contains("ok: pods listed by label", output, StringComparison.Ordinal);
        Assert.Contains("ok: watch saw create and delete", output, StringComparison.Ordinal);
        Assert.Contains("ok: 422 Unprocessable Entity", output, StringComparison.Ordinal);
        Assert.EndsWith("ALL OK", output.TrimEnd(), StringComparison.Ordinal);

        var ds = await server.Client.AppsV1.ReadNamespacedDaemonSetAsync("web", ns);
        Assert.Equal("python", ds.Metadata.Labels["made-by"]);
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, params string[] args)
    {
        await EnsurePythonClientAsync();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "python", script));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        return await RunAsync(start, TimeSpan.FromSeconds(60));
    }

    private static async Task EnsurePythonClientAsync()
    {
        if (!File.Exists(Python))
        {
            Assert.Fail($"{Python} is missing; install Debian's python3-kubernetes (./run-tests does).");
        }

        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("import kubernetes");
        var (exit, output) = await RunAsync(start, TimeSpan.FromSeconds(30));
        Assert.True(exit == 0,
            $"{Python} cannot import kubernetes; install it with `apt-get install python3-kubernetes` (./run-tests does).\n{output}");
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, TimeSpan timeout)
    {
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{start.FileName} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
