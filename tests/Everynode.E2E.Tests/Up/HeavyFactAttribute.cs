namespace Everynode.E2E.Tests.Up;

/// <summary>
/// A test too heavy for the default run on a 2-core machine (a hundred agent processes: minutes of CPU and about
/// 13 GiB of memory). It runs when <c>EVERYNODE_HEAVY_TESTS=1</c>; otherwise it is reported as skipped, saying so.
/// </summary>
public sealed class HeavyFactAttribute : FactAttribute
{
    public const string Variable = "EVERYNODE_HEAVY_TESTS";

    public HeavyFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            Skip = $"heavy: a hundred agent processes; run with {Variable}=1";
        }
    }
}
