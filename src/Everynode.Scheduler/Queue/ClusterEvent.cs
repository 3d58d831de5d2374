namespace Everynode.Scheduler.Queue;

/// <summary>
/// Changes in the cluster that can make an unschedulable pod schedulable: a node arrives or changes (more
/// allocatable, new labels, a taint removed, uncordoned), or an assigned pod leaves and frees its resources
/// and ports.
/// </summary>
internal enum ClusterEvent
{
    NodeAdd,
    NodeUpdate,
    AssignedPodDelete,
}
