using System.CommandLine;
using Everynode.Cli.Agent;
using Everynode.Cli.Images;
using Everynode.Cli.Server;

var root = new RootCommand("Everynode: a small, fast, Kubernetes-compatible cluster built around DaemonSets.")
{
    ServerCommand.Create(),
    AgentCommand.Create(),
    ImageCommand.Create(),
};

return await root.Parse(args).InvokeAsync();
