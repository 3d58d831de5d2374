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

    public Task<ImageConfig> PullImageAsync(string image, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(image);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(image)));
        return Task.FromResult(new ImageConfig(image, "sha256:" + digest, [], ["sh"], ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"], null));
    }

    public async Task<IRunningContainer> StartContainerAsync(ContainerLaunch launch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (_options.StartDelay > TimeSpan.Zero)
        {
            await Task.Delay(_options.StartDelay, _time, ct);
        }

        var id = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{launch.PodUid}/{launch.ContainerName}/{launch.Attempt}/{Interlocked.Increment(ref _nextId)}")));
        return new SimulatedContainer(id, _time);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
