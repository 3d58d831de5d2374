using Everynode.Agent.Runtime.Process;
using Everynode.Agent.Runtime.Simulated;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Runtime;

/// <summary>
/// Makes the runtime named by <c>--runtime</c>: <c>process</c> (<see cref="ProcessRuntime"/>) or <c>simulated</c>
/// (<see cref="SimulatedRuntime"/>). Further runtimes (tests, experiments) register a constructor with <see cref="Register"/>.
/// </summary>
public static class RuntimeFactory
{
    private static readonly Dictionary<string, Func<RuntimeSettings, ILogger, IContainerRuntime>> Factories = new(StringComparer.Ordinal)
    {
        ["process"] = (settings, logger) => new ProcessRuntime(
            new ProcessRuntimeOptions
            {
                ImageStoreDirectory = settings.ImageStoreDirectory,
                DataDirectory = settings.DataDirectory,
                Registries = settings.Registries,
                TimeProvider = settings.TimeProvider,
            },
            logger),
        ["simulated"] = (settings, _) => new SimulatedRuntime(new SimulatedRuntimeOptions { StartDelay = settings.SimulatedStartDelay }, settings.TimeProvider),
    };

    private static readonly Lock Guard = new();

    /// <summary>The runtimes this build can make.</summary>
    public static IReadOnlyList<string> Names
    {
        get
        {
            lock (Guard)
            {
                return [.. Factories.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    public static void Register(string name, Func<RuntimeSettings, ILogger, IContainerRuntime> create)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(create);
        lock (Guard)
        {
            Factories[name] = create;
        }
    }

    /// <summary>Makes a runtime; an unknown or unavailable name is an <see cref="ArgumentException"/> saying what is available.</summary>
    public static IContainerRuntime Create(string name, RuntimeSettings settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Func<RuntimeSettings, ILogger, IContainerRuntime>? create;
        lock (Guard)
        {
            Factories.TryGetValue(name, out create);
        }

        if (create is null)
        {
            throw new ArgumentException($"--runtime must be one of {string.Join(", ", Names)}, not \"{name}\"");
        }

        return create(settings, logger);
    }
}
