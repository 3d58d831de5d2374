namespace Everynode.E2E.Tests.Up;

/// <summary>
/// Local clusters run one at a time: each node agent listens on its own loopback address at the agent port, and
/// two clusters starting at once could both find the same address free.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalClustersDefinition
{
    public const string Name = "Local clusters";
}
