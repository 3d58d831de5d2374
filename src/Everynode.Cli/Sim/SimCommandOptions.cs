using System.CommandLine;

namespace Everynode.Cli.Sim;

/// <summary>The flags of <c>everynode sim</c> that the agent does not have (the connection and node flags are the agent's own).</summary>
internal static class SimCommandOptions
{
    public static Option<int> Nodes { get; } = new("--nodes")
    {
        Description = "How many simulated nodes to run, named PREFIX0, PREFIX1, … (or give --names).",
    };

    public static Option<string> Prefix { get; } = new("--prefix")
    {
        Description = "Name prefix of the simulated nodes.",
        DefaultValueFactory = _ => "sim-",
    };

    public static Option<string[]> Names { get; } = new("--names")
    {
        Description = "The simulated nodes' names, n1,n2,… or n1=IP,… with each node's InternalIP (instead of --nodes and --prefix).",
        AllowMultipleArgumentsPerToken = true,
    };

    public static Option<TimeSpan> StartDelay { get; } = new("--start-delay")
    {
        Description = "How long starting a pod's containers takes (e.g. 2s; ContainerCreating meanwhile). Default: at once.",
        DefaultValueFactory = _ => TimeSpan.Zero,
        CustomParser = r => Durations.Parse(r),
    };

    public static Option<string> FirstNodeIp { get; } = new("--node-ip")
    {
        Description = "InternalIP of the first simulated node; each next node takes the next address.",
        DefaultValueFactory = _ => "10.64.0.1",
    };

    public static Option<int> MaxConcurrentWrites { get; } = new("--max-concurrent-writes")
    {
        Description = "How many API writes the simulator has in flight at most, in each of its two lanes (pod status; Lease and node status).",
        DefaultValueFactory = _ => 64,
    };
}
