using Everynode.Api.Scheduling;
using k8s.Models;

namespace Everynode.Api.Tests.Scheduling;

/// <summary>The nodes and pods the resource and port tables use: a node with allocatable, a pod with requests.</summary>
internal static class SchedulingObjects
{
    public static V1Node Node(string cpu = "4", string memory = "8Gi", string pods = "110", Action<V1Node>? change = null)
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = "n1" },
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity> { ["cpu"] = new(cpu), ["memory"] = new(memory), ["pods"] = new(pods) },
            },
        };
        change?.Invoke(node);
        return node;
    }

    public static V1Pod Pod(string name, string? cpu = null, string? memory = null, Action<V1Pod>? change = null)
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new(memory);
        }

        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Resources = new V1ResourceRequirements { Requests = requests } }] },
        };
        change?.Invoke(pod);
        return pod;
    }

    /// <summary>The pod's container binds <paramref name="port"/> on the host as well.</summary>
    public static V1Pod WithHostPort(this V1Pod pod, int port, string? hostIp = null, string? protocol = null)
    {
        var container = pod.Spec.Containers[0];
        container.Ports = [.. container.Ports ?? [], new() { ContainerPort = port, HostPort = port, HostIP = hostIp, Protocol = protocol }];
        return pod;
    }

    public static NodeInfo Info(V1Node node, params V1Pod[] pods)
    {
        var info = new NodeInfo(node);
        foreach (var pod in pods)
        {
            info.AddPod(pod);
        }

        return info;
    }
}
