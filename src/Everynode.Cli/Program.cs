using System.CommandLine;
using Everynode.Cli.Agent;
using Everynode.Cli.Server;

var root = new RootCommand("Everynode: a small, fast, Kubernetes-compatible cluster built around DaemonSets.")
{
    ServerCommand.Create(),
    AgentCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
