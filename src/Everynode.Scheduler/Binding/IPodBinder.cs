using k8s.Models;

namespace Everynode.Scheduler.Binding;

/// <summary>
/// The scheduler's two writes to the API: binding a pod to a node (pods/NAME/binding) and setting its
/// PodScheduled condition (pods/NAME/status). Unit tests substitute a recording fake.
/// </summary>
internal interface IPodBinder
{
    Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken);

    Task SetPodScheduledConditionAsync(V1Pod pod, V1PodCondition condition, CancellationToken cancellationToken);
}
