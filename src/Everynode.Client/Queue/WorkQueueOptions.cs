namespace Everynode.Client.Queue;

/// <summary>Per-item backoff of <see cref="WorkQueue{TKey}.AddRateLimited"/>: BaseDelay × 2^(failures−1), at most MaxDelay.</summary>
public sealed record WorkQueueOptions
{
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(5);

    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1000);

    public void Validate()
    {
        if (BaseDelay <= TimeSpan.Zero || MaxDelay < BaseDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(BaseDelay), BaseDelay, "BaseDelay must be positive and at most MaxDelay");
        }
    }
}
