namespace Everynode.Agent.Runtime;

/// <summary>What any runtime may need to be made: the agent's folder, the node's image store and registries, time.</summary>
public sealed record RuntimeSettings
{
    /// <summary>The agent's own folder.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The node's image store (used by the process runtime).</summary>
    public required string ImageStoreDirectory { get; init; }

    /// <summary>The node's registry configuration (used by the process runtime).</summary>
    public Images.Registry.RegistryConfig Registries { get; init; } = Images.Registry.RegistryConfig.Empty;

    /// <summary>How long a simulated container takes to start.</summary>
    public TimeSpan SimulatedStartDelay { get; init; } = TimeSpan.Zero;

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
