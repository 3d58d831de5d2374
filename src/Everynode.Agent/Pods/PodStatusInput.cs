using k8s.Models;

namespace Everynode.Agent.Pods;

/// <summary>What <see cref="PodStatusBuilder"/> computes a status from.</summary>
internal sealed record PodStatusInput(
    V1Pod Pod,
    IReadOnlyList<ContainerRecord> Init,
    IReadOnlyList<ContainerRecord> App,
    string HostIP,
    DateTimeOffset? StartTime,
    bool SandboxReady,
    DateTime Now)
{
    /// <summary>The conditions last reported (their transition times are kept); null uses the pod's own status.</summary>
    public IList<V1PodCondition>? PreviousConditions { get; init; }
}
