namespace Everynode.Agent.Runtime.Simulated;

/// <summary>Settings of the simulated runtime.</summary>
public sealed record SimulatedRuntimeOptions
{
    /// <summary>How long "starting" a container takes (zero: at once).</summary>
    public TimeSpan StartDelay { get; init; } = TimeSpan.Zero;

    public void Validate()
    {
        if (StartDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("the simulated start delay must not be negative", nameof(StartDelay));
        }
    }
}
