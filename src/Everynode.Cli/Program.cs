using System.CommandLine;
using Everynode.Cli.Agent;
using Everynode.Cli.Bench;
using Everynode.Cli.Cluster;
using Everynode.Cli.Images;
using Everynode.Cli.Server;
using Everynode.Cli.Sim;
using Everynode.Cli.Tokens;

var root = new RootCommand("Everynode: a small, fast, Kubernetes-compatible cluster built around DaemonSets.")
{
    ServerCommand.Create(),
    AgentCommand.Create(),
    ImageCommand.Create(),
    UpCommand.Create(),
    DownCommand.Create(),
    StatusCommand.Create(),
    NodeCommand.Create(),
    SimCommand.Create(),
    BenchCommand.Create(),
    TokenCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
