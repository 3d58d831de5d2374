using Everynode.Client.Queue;

namespace Everynode.Client.Controllers;

/// <summary>Settings of a <see cref="ControllerRunner"/>.</summary>
public sealed record ControllerRunnerOptions
{
    /// <summary>The controller's name in logs, e.g. <c>daemonset-controller</c>.</summary>
    public required string Name { get; init; }

    /// <summary>How many keys are reconciled at once (never the same key twice at once).</summary>
    public int Workers { get; init; } = 2;

    public WorkQueueOptions Queue { get; init; } = new();

    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Name);
        ArgumentOutOfRangeException.ThrowIfLessThan(Workers, 1);
        Queue.Validate();
    }
}
