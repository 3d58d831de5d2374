using Everynode.Agent.Pods;
using k8s.Models;

namespace Everynode.Agent.Tests.Pods;

public sealed class PodAdmissionTests
{
    [Fact]
    public void Admit_PodThatFits_IsAdmitted() =>
        Assert.True(PodAdmission.Admit(Pod("a", cpu: "500m"), Node(), [Pod("b", cpu: "1")]).Admit);

    [Fact]
    public void Admit_TooMuchCpu_IsOutOfcpuWithUpstreamsMessage()
    {
        var result = PodAdmission.Admit(Pod("a", cpu: "1500m"), Node(), [Pod("b", cpu: "1")]);
        Assert.False(result.Admit);
        Assert.Equal("OutOfcpu", result.Reason);
        Assert.Equal("Node didn't have enough resource: cpu, requested: 1500, used: 1000, capacity: 2000", result.Message);
    }

    [Fact]
    public void Admit_TooMuchMemory_IsOutOfmemory() =>
        Assert.Equal("OutOfmemory", PodAdmission.Admit(Pod("a", memory: "5Gi"), Node(), []).Reason);

    [Fact]
    public void Admit_PastMaxPods_IsOutOfpods()
    {
        var result = PodAdmission.Admit(Pod("c"), Node(maxPods: "2"), [Pod("a"), Pod("b")]);
        Assert.Equal("OutOfpods", result.Reason);
        Assert.Equal("Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2", result.Message);
    }

    [Fact]
    public void Admit_HostPortInUse_IsNodePorts()
    {
        var result = PodAdmission.Admit(Pod("a", hostPort: 8080), Node(), [Pod("b", hostPort: 8080)]);
        Assert.Equal("NodePorts", result.Reason);
        Assert.Equal("Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports", result.Message);
    }

    [Fact]
    public void Admit_NodeSelectorMismatch_IsNodeAffinity()
    {
        var pod = Pod("a");
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        var result = PodAdmission.Admit(pod, Node(), []);
        Assert.Equal("NodeAffinity", result.Reason);
        Assert.Equal("Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector", result.Message);

        var ssd = Node();
        ssd.Metadata.Labels["disk"] = "ssd";
        Assert.True(PodAdmission.Admit(pod, ssd, []).Admit);
    }

    private static V1Node Node(string maxPods = "110") => new()
    {
        Metadata = new V1ObjectMeta { Name = "n1", Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = "n1" } },
        Status = new V1NodeStatus
        {
            Allocatable = new Dictionary<string, ResourceQuantity>
            {
                ["cpu"] = new("2"),
                ["memory"] = new("4Gi"),
                ["pods"] = new(maxPods),
            },
        },
    };

    private static V1Pod Pod(string name, string? cpu = null, string? memory = null, int? hostPort = null)
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

        return new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = name },
            Spec = new V1PodSpec
            {
                NodeName = "n1",
                Containers =
                [
                    new V1Container
                    {
                        Name = "c",
                        Image = "busybox",
                        Resources = new V1ResourceRequirements { Requests = requests },
                        Ports = hostPort is { } p ? [new V1ContainerPort { ContainerPort = p, HostPort = p }] : null,
                    },
                ],
            },
        };
    }
}
