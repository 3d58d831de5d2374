using Everynode.Api.Scheduling;
using Everynode.Scheduler.Framework;
using k8s.Models;

namespace Everynode.Scheduler.Tests;

/// <summary>Small builders for the pods and nodes the tables use.</summary>
internal static class Make
{
    public static V1Node Node(string name, string cpu = "4", string memory = "8Gi", string pods = "110", Action<V1Node>? change = null)
    {
        var node = new V1Node
        {
            Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new(cpu),
                    ["memory"] = new(memory),
                    ["pods"] = new(pods),
                },
            },
        };
        change?.Invoke(node);
        return node;
    }

    public static V1Pod Pod(string name, string? cpu = null, string? memory = null, Action<V1Pod>? change = null, string ns = "default")
    {
        var requests = new Dictionary<string, ResourceQuantity>();
        if (cpu is not null)
        {
            requests["cpu"] = new ResourceQuantity(cpu);
        }

        if (memory is not null)
        {
            requests["memory"] = new ResourceQuantity(memory);
        }

        var pod = new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
            Spec = new V1PodSpec
            {
                Containers = [new V1Container { Name = "c", Image = "busybox", Resources = new V1ResourceRequirements { Requests = requests } }],
            },
        };
        change?.Invoke(pod);
        return pod;
    }

    public static V1Pod OnNode(this V1Pod pod, string nodeName)
    {
        pod.Spec.NodeName = nodeName;
        return pod;
    }

    /// <summary>The required node affinity the DaemonSet controller writes into every daemon pod.</summary>
    public static V1Pod PinnedTo(this V1Pod pod, string nodeName)
    {
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm
                        {
                            MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [nodeName] }],
                        },
                    ],
                },
            },
        };
        return pod;
    }

    public static V1Pod WithHostPort(this V1Pod pod, int port, string? hostIp = null, string? protocol = null)
    {
        var container = pod.Spec.Containers[0];
        container.Ports ??= [];
        container.Ports.Add(new V1ContainerPort { ContainerPort = port, HostPort = port, HostIP = hostIp, Protocol = protocol });
        return pod;
    }

    public static V1Pod WithTolerations(this V1Pod pod, params V1Toleration[] tolerations)
    {
        pod.Spec.Tolerations = tolerations;
        return pod;
    }

    public static V1Node WithTaints(this V1Node node, params V1Taint[] taints)
    {
        node.Spec.Taints = taints;
        return node;
    }

    public static CycleState State(V1Pod pod) => new(pod);

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
