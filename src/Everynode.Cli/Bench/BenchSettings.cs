namespace Everynode.Cli.Bench;

/// <summary>Settings of <c>everynode bench</c>, validated at start.</summary>
internal sealed record BenchSettings
{
    public required IReadOnlyList<int> NodeCounts { get; init; }

    public string? JsonPath { get; init; }

    /// <summary>How many nodes join the running cluster one after another (100 by default).</summary>
    public int Joins { get; init; } = 100;

    public TimeSpan JoinInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How many mutating requests the latency figure is taken over.</summary>
    public int MutatingRequests { get; init; } = 200;

    public TimeSpan CeilingDuration { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Keep the temporary folder (datastore, server and simulator logs) for inspection.</summary>
    public bool KeepData { get; init; }

    /// <summary>Watch the DaemonSet's pods and print when they were created, bound and Ready in each phase.</summary>
    public bool Timeline { get; init; }

    public void Validate()
    {
        if (NodeCounts.Count == 0 || NodeCounts.Any(n => n < 1))
        {
            throw new ArgumentException("--nodes takes one or more positive counts, e.g. 1000,10000");
        }

        if (Joins < 1 || MutatingRequests < 2)
        {
            throw new ArgumentException("--joins must be at least 1 and --requests at least 2");
        }
    }
}
