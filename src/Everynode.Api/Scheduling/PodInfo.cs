using k8s.Models;

namespace Everynode.Api.Scheduling;

/// <summary>
/// A pod with what scheduling derives from it, computed once: its requests (for fit), its requests with
/// defaults for missing cpu and memory (for scoring) and its host ports.
/// </summary>
public sealed class PodInfo
{
    public PodInfo(V1Pod pod)
    {
        Pod = pod;
        Requests = PodRequests.Compute(pod);
        NonZeroRequests = PodRequests.ComputeNonZero(pod);
        HostPorts = HostPort.Of(pod);
    }

    public V1Pod Pod { get; }

    /// <summary>namespace/name, the key the queue and the node's pod list use.</summary>
    public string Key => KeyOf(Pod);

    public Resource Requests { get; }

    public Resource NonZeroRequests { get; }

    public IReadOnlyList<HostPort> HostPorts { get; }

    public int Priority => Pod.Spec?.Priority ?? 0;

    public static string KeyOf(V1Pod pod) => $"{pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name}";
}
