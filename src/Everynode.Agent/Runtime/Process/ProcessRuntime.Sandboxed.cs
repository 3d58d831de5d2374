namespace Everynode.Agent.Runtime.Process;

/// <summary>Starting a container inside a bubblewrap sandbox.</summary>
public sealed partial class ProcessRuntime
{
    private async Task<ProcessContainer> StartSandboxedAsync(string id, string directory, SandboxTools tools, bool overlay,
        ContainerLaunch launch, CancellationToken ct)
    {
        var image = await FindImageAsync(launch, ct);
        OverlayRoot? overlayRoot = null;
        var root = Path.Combine(directory, "rootfs");
        if (overlay && OverlayOptionSafe(image.RootfsPath) && OverlayOptionSafe(directory))
        {
            overlayRoot = new OverlayRoot(image.RootfsPath, Path.Combine(directory, "upper"), Path.Combine(directory, "work"), Path.Combine(directory, "merged"));
            Directory.CreateDirectory(overlayRoot.Upper);
            Directory.CreateDirectory(overlayRoot.Work);
            Directory.CreateDirectory(overlayRoot.Merged);
        }
        else
        {
            await CopyTreeAsync(image.RootfsPath, root, ct);
        }

        var argv = SandboxCommand.Build(new SandboxSpec(tools, launch, root, overlayRoot, image.RootfsPath));
        var (process, container, gate) = await SpawnAsync(id, directory, argv, launch, tools);
        var bubblewrapName = Path.GetFileName(tools.Bubblewrap!);
        bubblewrapName = bubblewrapName[..Math.Min(bubblewrapName.Length, 15)];
        var deadline = _options.TimeProvider.GetUtcNow() + _options.StartTimeout;
        var pause = TimeSpan.FromMilliseconds(1);
        while (true)
        {
            // Started = bwrap's child (PID 1 of the new namespace) has exec'd the user's command.
            if (SandboxChild(process.Id, bubblewrapName) is { } pid)
            {
                container.Started(pid);
                gate.Open();
                return container;
            }

            if (container.Exited.IsCompleted || process.HasExited)
            {
                var exit = await container.Exited;
                var first = gate.FirstErrorLine;
                var failed = (exit.ExitCode == 1 && first?.StartsWith("bwrap: ", StringComparison.Ordinal) == true)
                    || (exit.ExitCode == SandboxCommand.OverlayMountFailed && overlayRoot is not null && first?.StartsWith("mount", StringComparison.Ordinal) == true);
                if (!failed)
                {
                    // It ran and ended before we looked: an ordinary, very short container.
                    gate.Open();
                    return container;
                }

                gate.Discard();
                await container.DisposeAsync();
                throw new ContainerStartException(ExecFailure.FromSandbox(first, launch.Argv[0], exit.ExitCode));
            }

            if (_options.TimeProvider.GetUtcNow() > deadline)
            {
                await container.DisposeAsync();
                throw new ContainerStartException($"unable to start container process: the sandbox did not start {launch.Argv[0]} within {_options.StartTimeout.TotalSeconds:0}s");
            }

            try
            {
                await Task.Delay(pause, _options.TimeProvider, ct);
            }
            catch (OperationCanceledException)
            {
                await container.DisposeAsync();
                throw;
            }

            pause = TimeSpan.FromMilliseconds(Math.Min(pause.TotalMilliseconds * 2, 20));
        }
    }

    /// <summary>The host PID of the sandbox's PID 1 once bwrap has exec'd the user's command in it, else null. Told by
    /// the process name (/proc/PID/comm, readable whoever owns the process): bwrap's until the exec.</summary>
    private static int? SandboxChild(int sandboxPid, string bubblewrapName)
    {
        if (ReadName(sandboxPid) != bubblewrapName)
        {
            return null; // still the overlay wrapper (unshare, sh, mount)
        }

        foreach (var child in ProcessTree.Children(sandboxPid))
        {
            if (ReadName(child) is { } name && name != bubblewrapName)
            {
                return child;
            }
        }

        return null;
    }

    private static string? ReadName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (IOException)
        {
            return null;
        }
    }
}
