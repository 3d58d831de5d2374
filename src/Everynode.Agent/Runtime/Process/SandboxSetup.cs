using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Runtime.Process;

/// <summary>
/// What this host offers, found once per runtime: bubblewrap that can really make a sandbox here (else containers run
/// unsandboxed, said once in the log), and whether a container's writable root can be an overlay (root and overlayfs)
/// rather than a copy of its image.
/// </summary>
/// <param name="Tools">The sandbox's tools, or null when containers run unsandboxed.</param>
/// <param name="Overlay">Whether writable roots are overlays.</param>
internal sealed record SandboxSetup(SandboxTools? Tools, bool Overlay)
{
    public static async Task<SandboxSetup> DetectAsync(ProcessRuntimeOptions options, ILogger logger, string containersDirectory)
    {
        if (!options.Sandbox)
        {
            LogMessages.Unsandboxed(logger, "the sandbox is turned off");
            return new SandboxSetup(null, false);
        }

        var bubblewrap = options.BubblewrapPath ?? ProcessRuntime.FindTool("bwrap");
        if (bubblewrap is null || !File.Exists(bubblewrap))
        {
            LogMessages.Unsandboxed(logger, "bwrap is not installed");
            return new SandboxSetup(null, false);
        }

        var (code, error) = await RunAsync(bubblewrap, ["--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev", "--unshare-pid",
            "--unshare-uts", "--as-pid-1", "--", "true"]);
        if (code != 0)
        {
            LogMessages.Unsandboxed(logger, $"bwrap cannot make a sandbox on this host (exit status {code}): {error.Trim()}");
            return new SandboxSetup(null, false);
        }

        var tools = new SandboxTools(bubblewrap, ProcessRuntime.FindTool("unshare"), ProcessRuntime.FindTool("mount"),
            ProcessRuntime.FindTool("nsenter"), Libc.IsRoot);
        var overlay = !options.CopyRootfs && await OverlayWorksAsync(tools, containersDirectory);
        LogMessages.Sandboxed(logger, bubblewrap, overlay ? "overlay over the image" : "a copy of the image per container");
        return new SandboxSetup(tools, overlay);
    }

    private static async Task<bool> OverlayWorksAsync(SandboxTools tools, string containersDirectory)
    {
        if (!tools.IsRoot || tools.Unshare is null || tools.Mount is null
            || !File.Exists("/proc/filesystems") || !(await File.ReadAllTextAsync("/proc/filesystems")).Contains("\toverlay\n", StringComparison.Ordinal))
        {
            return false;
        }

        var probe = Path.Combine(containersDirectory, $".overlay-probe-{Environment.ProcessId}");
        try
        {
            foreach (var dir in (string[])["lower", "upper", "work", "merged"])
            {
                Directory.CreateDirectory(Path.Combine(probe, dir));
            }

            var (code, _) = await RunAsync(tools.Unshare, ["--mount", "--propagation", "private", tools.Mount, "-t", "overlay", "overlay", "-o",
                $"lowerdir={probe}/lower,upperdir={probe}/upper,workdir={probe}/work", $"{probe}/merged"]);
            return code == 0;
        }
        finally
        {
            DirectoryTree.Delete(probe);
        }
    }

    private static async Task<(int Code, string Error)> RunAsync(string file, string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = await ProcessSpawner.StartAsync(start);
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
