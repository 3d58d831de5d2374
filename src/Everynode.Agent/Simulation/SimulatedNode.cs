using Everynode.Agent.Node;

namespace Everynode.Agent.Simulation;

/// <summary>
/// One node of the fleet: the agent's own Node registration and status reporter and its Lease controller, driven by
/// the fleet's timer instead of loops of their own.
/// </summary>
internal sealed class SimulatedNode(AgentOptions options, NodeStatusReporter status, NodeLeaseController lease)
{
    public string Name => Options.NodeName;

    public AgentOptions Options { get; } = options;

    public string HostIP { get; } = options.NodeIP.ToString();

    public NodeStatusReporter Status { get; } = status;

    public NodeLeaseController Lease { get; } = lease;
}
