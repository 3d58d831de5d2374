using System.Diagnostics;
using Everynode.Agent.Images;
using Everynode.Agent.Runtime;

namespace Everynode.Cli.Cluster;

/// <summary>
/// What the process runtime needs from the host: bubblewrap (<c>bwrap</c>) to sandbox containers and a static
/// busybox to build the offline <c>busybox</c> image. Run as root on a Debian-like host, <c>up</c> installs what
/// is missing with apt-get (and says so); otherwise it says what is missing and what follows from it.
/// </summary>
internal static class Prerequisites
{
    public static bool HasBubblewrap() => FindOnPath("bwrap") is not null;

    /// <summary>Whether the image store can build its built-in busybox image (it needs a statically linked one).</summary>
    public static bool HasBusybox() => BuiltinBusybox.FindStaticBusybox(null) is not null;

    /// <summary>
    /// Makes sure the process runtime has what it needs. Returns the runtime to use: <c>simulated</c> when busybox
    /// cannot be had and the runtime was not chosen explicitly (pods could not start any image).
    /// </summary>
    public static async Task<string> EnsureAsync(string runtime, bool runtimeChosen, ClusterLayout layout, StepProgress progress, CancellationToken ct)
    {
        if (!RuntimeFactory.Names.Contains(runtime))
        {
            if (runtimeChosen || !RuntimeFactory.Names.Contains(ClusterSettings.SimulatedRuntime))
            {
                throw new ClusterException($"this build of everynode has no {runtime} runtime (it has: {string.Join(", ", RuntimeFactory.Names)})");
            }

            progress.Note($"  warning: this build of everynode has no {runtime} runtime; using the simulated runtime (pods go Running without a process)");
            return ClusterSettings.SimulatedRuntime;
        }

        if (runtime != ClusterSettings.ProcessRuntime)
        {
            return runtime;
        }

        var missing = new List<string>();
        if (!HasBubblewrap())
        {
            missing.Add("bubblewrap");
        }

        if (!HasBusybox())
        {
            missing.Add("busybox-static");
        }

        if (missing.Count > 0 && Environment.IsPrivilegedProcess && FindOnPath("apt-get") is not null)
        {
            progress.Begin($"installing {string.Join(" ", missing)} with apt-get (running as root)");
            var log = layout.LogPath("apt-get");
            var installed = await AptGetInstallAsync(missing, log, ct);
            if (installed && HasBubblewrap() && HasBusybox())
            {
                progress.Succeed();
                missing.Clear();
            }
            else
            {
                progress.Fail($"see {log}");
                missing.RemoveAll(p => p == "bubblewrap" ? HasBubblewrap() : HasBusybox());
            }
        }

        if (missing.Contains("bubblewrap"))
        {
            progress.Note("  warning: bubblewrap (bwrap) is not installed: containers will run unsandboxed on the host "
                + "(install it with: sudo apt-get install bubblewrap)");
        }

        if (missing.Contains("busybox-static"))
        {
            if (!runtimeChosen)
            {
                progress.Note("  warning: busybox is not installed, so the process runtime has no image to run offline; "
                    + "using the simulated runtime (pods go Running without a process). Install it with: sudo apt-get install busybox-static, "
                    + $"then: {SelfName.Hint("down", layout)} && {SelfName.Hint("up --runtime process", layout)}");
                return ClusterSettings.SimulatedRuntime;
            }

            progress.Note("  warning: busybox is not installed: pods using the busybox image will fail with ErrImagePull "
                + "(install it with: sudo apt-get install busybox-static)");
        }

        return runtime;
    }

    private static async Task<bool> AptGetInstallAsync(IReadOnlyList<string> packages, string log, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(log)!);
        await using var output = new StreamWriter(log, append: false);

        // Install from the lists the host has; refresh them only when that fails (a fresh image has none).
        return await RunAsync(["install", "-y", "-q", .. packages], output, ct)
            || (await RunAsync(["update", "-q"], output, ct) && await RunAsync(["install", "-y", "-q", .. packages], output, ct));
    }

    private static async Task<bool> RunAsync(IReadOnlyList<string> args, StreamWriter log, CancellationToken ct)
    {
        var startInfo = new ProcessStartInfo("apt-get")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        startInfo.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start apt-get");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await log.WriteLineAsync($"$ apt-get {string.Join(' ', args)}\n{await stdout}{await stderr}exit {process.ExitCode}");
        return process.ExitCode == 0;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
