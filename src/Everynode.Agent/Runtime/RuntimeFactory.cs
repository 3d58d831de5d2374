using Everynode.Agent.Runtime.Simulated;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Runtime;

/// <summary>
/// Makes the runtime named by <c>--runtime</c>. <c>simulated</c> is always here; other runtimes (the process
/// runtime) register a constructor with <see cref="Register"/>.
/// </summary>
public static class RuntimeFactory
{
    private static readonly Dictionary<string, Func<RuntimeSettings, ILogger, IContainerRuntime>> Factories = new(StringComparer.Ordinal)
    {
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
            throw new ArgumentException(name == "process"
                ? $"--runtime process is not available in this build; available: {string.Join(", ", Names)}"
                : $"--runtime must be one of {string.Join(", ", Names)}, not \"{name}\"");
        }

        return create(settings, logger);
    }
}
