using System.Security.Cryptography;
using System.Text;

namespace Everynode.Agent.Runtime.Simulated;

/// <summary>
/// A runtime with no processes (as kwok simulates nodes): every image resolves, containers "run" until they are
/// stopped, exec succeeds. For teaching and for many nodes on one machine. An optional start delay makes
/// <c>ContainerCreating</c> visible.
/// </summary>
public sealed class SimulatedRuntime : IContainerRuntime
{
    private readonly SimulatedRuntimeOptions _options;
    private readonly TimeProvider _time;
    private long _nextId;

    public SimulatedRuntime(SimulatedRuntimeOptions? options = null, TimeProvider? timeProvider = null)
    {
        _options = options ?? new SimulatedRuntimeOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    public string Name => "simulated";

    /// <summary>Every image is present: simulated nodes never pull.</summary>
    public Task<ImageConfig?> FindImageAsync(string image, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        return Task.FromResult<ImageConfig?>(Config(image));
    }

    public Task<PulledImage> PullImageAsync(string image, IReadOnlyList<Images.Registry.RegistryCredential> credentials, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        return Task.FromResult(new PulledImage(Config(image), 0));
    }

    private static ImageConfig Config(string image) =>
        new(image, ImageId(image), [], ["sh"], ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], null);

    /// <summary>The made-up image id of <paramref name="image"/>: a digest of its name, the same on every node.</summary>
    internal static string ImageId(string image) => "sha256:" + Hash(image);

    /// <summary>A container id: a digest of what identifies the run, unique per runtime.</summary>
    internal static string ContainerId(string podUid, string containerName, int attempt, long serial) =>
        Hash($"{podUid}/{containerName}/{attempt}/{serial}");

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    public async Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (_options.StartDelay > TimeSpan.Zero)
        {
            await Task.Delay(_options.StartDelay, _time, ct);
        }

        var id = ContainerId(launch.PodUid, launch.ContainerName, launch.Attempt, Interlocked.Increment(ref _nextId));
        return new SimulatedContainer(id, _time);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
