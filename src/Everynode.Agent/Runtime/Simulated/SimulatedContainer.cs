namespace Everynode.Agent.Runtime.Simulated;

/// <summary>A simulated container: runs until stopped; a stop with a grace period ends it as SIGTERM would (exit 143).</summary>
internal sealed class SimulatedContainer : IRunningContainer
{
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<ContainerExit> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SimulatedContainer(string id, TimeProvider time, DateTimeOffset? startedAt = null)
    {
        Id = id;
        _time = time;
        StartedAt = startedAt ?? time.GetUtcNow();
    }

    public string Id { get; }

    public DateTimeOffset StartedAt { get; }

    public Task<ContainerExit> Exited => _exited.Task;

    public Task<ContainerExit> StopAsync(TimeSpan gracePeriod, CancellationToken ct)
    {
        // A simulated process honours SIGTERM at once; with no grace period it is killed (SIGKILL, exit 137).
        var signal = gracePeriod > TimeSpan.Zero ? 15 : 9;
        _exited.TrySetResult(new ContainerExit(128 + signal, signal, _time.GetUtcNow(), "Error"));
        return _exited.Task;
    }

    public Task<ExecResult> ExecAsync(IReadOnlyList<string> command, TimeSpan timeout, CancellationToken ct) =>
        Task.FromResult(new ExecResult(0, "", false));

    public ValueTask DisposeAsync()
    {
        _exited.TrySetResult(new ContainerExit(137, 9, _time.GetUtcNow(), "Error"));
        return ValueTask.CompletedTask;
    }
}
