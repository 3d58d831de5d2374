using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Everynode.Agent.Images;
using Everynode.Agent.Images.Registry;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Runtime.Process;

/// <summary>
/// The <c>process</c> runtime: each container is a real process in a bubblewrap sandbox (own PID, mount and UTS
/// namespaces; the host's network) over a writable copy-on-write view of its image from the node's
/// <see cref="ImageStore"/>. Without bubblewrap, containers run unsandboxed on the host filesystem (said once in the
/// log). See docs/architecture.md, "The process runtime".
/// </summary>
public sealed partial class ProcessRuntime : IContainerRuntime
{
    private static readonly string[] ToolDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    private readonly ProcessRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly ImageStore _images;
    private readonly RegistryHosts _registries;
    private readonly Lazy<Task<SandboxSetup>> _setup;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ProcessContainer> _running = new(StringComparer.Ordinal);

    public ProcessRuntime(ProcessRuntimeOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger;
        _images = new ImageStore(options.ImageStoreDirectory, options.TimeProvider, options.BusyboxPath);
        _registries = options.Registries.ToHosts(options.TimeProvider);
        _setup = new Lazy<Task<SandboxSetup>>(() => SandboxSetup.DetectAsync(options, logger, ContainersDirectory));
        RemoveLeftovers();
    }

    public string Name => "process";

    private string ContainersDirectory => Path.Combine(_options.DataDirectory, "containers");

    public async Task<ImageConfig?> FindImageAsync(string image, CancellationToken ct)
    {
        var reference = ImageReference.Parse(image);
        if (_images.Find(reference) is { } stored)
        {
            return Config(stored, reference, image);
        }

        return IsBuiltinBusybox(reference) ? Config(await _images.ResolveAsync(image, ct), reference, image) : null;
    }

    /// <summary>Pulls through the node's registry configuration. The built-in <c>busybox</c> is never pulled: it is
    /// built from the host's static busybox under any tag.</summary>
    public async Task<PulledImage> PullImageAsync(string image, IReadOnlyList<RegistryCredential> credentials, CancellationToken ct)
    {
        var reference = ImageReference.Parse(image);
        if (IsBuiltinBusybox(reference))
        {
            var builtin = await _images.ResolveAsync(image, ct);
            return new PulledImage(Config(builtin, reference, image), builtin.Size);
        }

        var pulled = await _images.PullAsync(reference, _registries, credentials, ct: ct);
        return new PulledImage(pulled.Image.ToImageConfig(image) with { RepoDigest = pulled.RepoDigest }, pulled.Image.Size);
    }

    private static bool IsBuiltinBusybox(ImageReference reference) => reference.Repository == BuiltinBusybox.Repository && reference.Digest is null;

    private ImageConfig Config(StoredImage stored, ImageReference reference, string image) => stored.ToImageConfig(image) with
    {
        RepoDigest = _images.RepoDigestsOf(stored.Id).FirstOrDefault(d => d.StartsWith(reference.Repository + "@", StringComparison.Ordinal)),
    };

    public async Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (launch.Argv.Count == 0)
        {
            throw new ContainerStartException("unable to start container process: no command specified");
        }

        var setup = await _setup.Value;
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var directory = Path.Combine(ContainersDirectory, id);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "owner"), Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ct);
        try
        {
            var container = setup.Tools is { } tools
                ? await StartSandboxedAsync(id, directory, tools, setup.Overlay, launch, ct)
                : await StartUnsandboxedAsync(id, directory, launch, ct);
            LogMessages.ContainerStarted(_logger, launch.PodNamespace, launch.PodName, launch.ContainerName, id);
            return container;
        }
        catch
        {
            DirectoryTree.Delete(directory);
            throw;
        }
    }

    /// <summary>Kills whatever containers the agent has not disposed itself: none outlives its runtime.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var container in _running.Values)
        {
            await container.DisposeAsync();
        }

        _registries.Dispose();
    }

    internal static void SetEnvironment(ProcessStartInfo start, IReadOnlyList<KeyValuePair<string, string>> environment)
    {
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
    }

    internal static string? FindTool(string name) =>
        ToolDirectories.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    private async Task<ProcessContainer> StartUnsandboxedAsync(string id, string directory, ContainerLaunch launch, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var executable = HostExecutable.Find(launch.Argv[0], launch.Environment)
            ?? throw new ContainerStartException("unable to start container process: " + ExecFailure.NotFound(launch.Argv[0]));
        var argv = new List<string> { executable };
        argv.AddRange(launch.Argv.Skip(1));
        var (_, container, gate) = await SpawnAsync(id, directory, argv, launch, tools: null);
        gate.Open();
        return container;
    }

    private async Task<(System.Diagnostics.Process, ProcessContainer, GatedOutput)> SpawnAsync(string id, string directory,
        List<string> argv, ContainerLaunch launch, SandboxTools? tools)
    {
        var start = new ProcessStartInfo(argv[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in argv.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        SetEnvironment(start, launch.Environment);
        if (tools is null)
        {
            start.WorkingDirectory = Directory.Exists(launch.WorkingDirectory) ? launch.WorkingDirectory : "/";
        }

        System.Diagnostics.Process process;
        try
        {
            process = await ProcessSpawner.StartAsync(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new ContainerStartException($"unable to start container process: exec: \"{launch.Argv[0]}\": {e.Message}", e);
        }

        process.StandardInput.Close();
        var gate = new GatedOutput(launch.Output);
        var pumps = Task.WhenAll(
            OutputPump.RunAsync(process.StandardOutput.BaseStream, OutputStreamKind.Stdout, gate, _options.MaxLineBytes),
            OutputPump.RunAsync(process.StandardError.BaseStream, OutputStreamKind.Stderr, gate, _options.MaxLineBytes));
        var container = new ProcessContainer(id, process, launch, tools, directory, pumps, _options.TimeProvider, c => _running.TryRemove(c.Id, out _));
        _running[id] = container;
        return (process, container, gate);
    }

    private async Task<StoredImage> FindImageAsync(ContainerLaunch launch, CancellationToken ct)
    {
        try
        {
            return _images.FindById(launch.Image.ImageId) ?? await _images.ResolveAsync(launch.Image.Reference, ct);
        }
        catch (ImageNotPresentException e)
        {
            throw new ContainerStartException(e.Message, e);
        }
    }

    /// <summary>Overlay options are comma- and colon-separated; paths with those characters get a copy instead.</summary>
    private static bool OverlayOptionSafe(string path) => path.IndexOfAny([',', ':', '\\', '"']) < 0;

    private static async Task CopyTreeAsync(string from, string to, CancellationToken ct)
    {
        var start = new ProcessStartInfo("cp") { RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in (string[])["-a", "--reflink=auto", from, to])
        {
            start.ArgumentList.Add(arg);
        }

        using var copy = System.Diagnostics.Process.Start(start)!;
        var error = await copy.StandardError.ReadToEndAsync(ct);
        await copy.WaitForExitAsync(ct);
        if (copy.ExitCode != 0)
        {
            throw new ContainerStartException($"unable to prepare the container's root filesystem: {error.Trim()}");
        }
    }

    /// <summary>Folders of containers whose agent is gone (they died with it: <c>--die-with-parent</c>).</summary>
    private void RemoveLeftovers()
    {
        if (!Directory.Exists(ContainersDirectory))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(ContainersDirectory))
        {
            var owner = Path.Combine(folder, "owner");
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner), CultureInfo.InvariantCulture, out var pid)
                && (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")))
            {
                continue;
            }

            try
            {
                DirectoryTree.Delete(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogMessages.LeftoverNotRemoved(_logger, folder, e.Message);
            }
        }
    }
}
