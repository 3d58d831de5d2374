using k8s;
using k8s.Models;

namespace Everynode.Scheduler.Binding;

/// <summary>
/// Binds through the API as upstream's DefaultBinder does (a Binding carrying the pod's UID, so a pod deleted
/// and recreated under the same name is not bound by mistake), and writes the PodScheduled condition as a
/// strategic merge patch of <c>status.conditions</c> (merge key <c>type</c>), as upstream's PatchPodStatus does.
/// </summary>
internal sealed class ApiPodBinder(IKubernetes client) : IPodBinder
{
    public Task BindAsync(V1Pod pod, string nodeName, CancellationToken cancellationToken)
    {
        var binding = new V1Binding
        {
            Metadata = new V1ObjectMeta { Name = pod.Metadata.Name, NamespaceProperty = pod.Metadata.NamespaceProperty, Uid = pod.Metadata.Uid },
            Target = new V1ObjectReference { Kind = "Node", Name = nodeName },
        };
        return client.CoreV1.CreateNamespacedPodBindingAsync(binding, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }

    public Task SetPodScheduledConditionAsync(V1Pod pod, V1PodCondition condition, CancellationToken cancellationToken)
    {
        var patch = new V1Patch(PodScheduledCondition.StatusPatch(condition), V1Patch.PatchType.StrategicMergePatch);
        return client.CoreV1.PatchNamespacedPodStatusAsync(patch, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
    }
}
