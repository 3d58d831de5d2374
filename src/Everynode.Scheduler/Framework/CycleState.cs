using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Scheduler.Framework;

/// <summary>
/// What one scheduling attempt computes about its pod once and every filter reads on every node (upstream
/// CycleState, filled by the PreFilter plugins): the pod's requests and ports, and its parsed required node
/// affinity.
/// </summary>
internal sealed class CycleState
{
    public CycleState(V1Pod pod)
    {
        PodInfo = new PodInfo(pod);
        RequiredNodeAffinity = RequiredNodeAffinity.Of(pod);
    }

    public V1Pod Pod => PodInfo.Pod;

    public PodInfo PodInfo { get; }

    public RequiredNodeAffinity RequiredNodeAffinity { get; }
}
