namespace Everynode.Cli.Bench;

/// <summary>The figures of one <c>everynode bench</c> run at one fleet size (JSON: camelCase; null when not reached).</summary>
internal sealed record BenchResult
{
    public required int Nodes { get; init; }

    /// <summary>From starting the simulator to every node registered and Ready.</summary>
    public double? RegistrationSeconds { get; init; }

    /// <summary>From creating the DaemonSet to desired = current = ready = available = N.</summary>
    public double? CoverageSeconds { get; init; }

    /// <summary>From the template change to the rollout done (maxUnavailable 10%).</summary>
    public double? RollingUpdateSeconds { get; init; }

    public int Joins { get; init; }

    /// <summary>A node joining → its daemon pod reported Ready, over <see cref="Joins"/> joins.</summary>
    public double? JoinToReadyP50Ms { get; init; }

    public double? JoinToReadyP99Ms { get; init; }

    public int MutatingRequests { get; init; }

    /// <summary>Latency of mutating requests (Lease creates and updates) under the nodes' heartbeat load.</summary>
    public double? MutatingP50Ms { get; init; }

    public double? MutatingP99Ms { get; init; }

    public double? ServerPeakRssMiB { get; init; }

    public double? SimulatorPeakRssMiB { get; init; }

    /// <summary>Raw SQLite durable creates/s on this machine, measured in this run.</summary>
    public double SqliteCeilingWritesPerSecond { get; init; }

    /// <summary>The highest datastore writes/s over the coverage and update phases (revisions per second).</summary>
    public double? AchievedWritesPerSecond { get; init; }

    public double? AchievedFractionOfCeiling { get; init; }

    /// <summary>Retried API failures the in-process joining nodes met (timeouts, conflicts): counted, not fatal.</summary>
    public long TransientErrors { get; init; }

    /// <summary>Load average (1 min) when the run started and ended: the machine is shared.</summary>
    public double LoadAverageStart { get; init; }

    public double LoadAverageEnd { get; init; }

    /// <summary>What went wrong (a phase that timed out, a process that exited); empty when the run completed.</summary>
    public List<string> Errors { get; init; } = [];
}
