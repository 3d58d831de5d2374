namespace Everynode.Controllers.NodeLifecycle;

/// <summary>
/// What the controller last saw of one node's heartbeats (upstream's nodeHealthData): the Ready condition's
/// lastHeartbeatTime, the Lease's renewTime, and <see cref="ProbeTime"/>, the controller's own clock reading when
/// either last changed. Staleness is judged on <see cref="ProbeTime"/>, so a node agent's clock skew does not matter.
/// </summary>
public sealed record NodeHealth(DateTime? LastHeartbeatTime, DateTime? LeaseRenewTime, DateTimeOffset ProbeTime);
