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

    [Fact]
    public async Task Workers_NodeAffinityAgainstAStaleNode_AreDecidedByTheApiServersCopy()
    {
        // The watch has not yet delivered the label that was added just before the pod was bound.
        var stale = Node();
        stale.Metadata.ResourceVersion = "5";
        var fresh = Node();
        fresh.Metadata.ResourceVersion = "7";
        fresh.Metadata.Labels["disk"] = "ssd";
        var fetches = 0;
        var ctx = Context(() => stale, _ =>
        {
            fetches++;
            return Task.FromResult<V1Node?>(fresh);
        });
        await using var workers = new PodWorkers(ctx);
        var pod = Pod("a");
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };

        Assert.True((await ctx.AdmitPod(pod, CancellationToken.None)).Admit);
        Assert.Equal(1, fetches);
    }

    [Fact]
    public async Task Workers_NodeAffinityStillUnmet_OrTheReadFailing_Rejects_AndOtherReasonsNeverRead()
    {
        var fetches = 0;
        V1Node? answer = Node();
        var ctx = Context(() => Node(maxPods: "0"), _ =>
        {
            fetches++;
            return Task.FromResult<V1Node?>(answer);
        });
        await using var workers = new PodWorkers(ctx);
        Assert.Equal("OutOfpods", (await ctx.AdmitPod(Pod("full"), CancellationToken.None)).Reason);
        Assert.Equal(0, fetches);

        var ctx2 = Context(() => Node(), _ =>
        {
            fetches++;
            return Task.FromResult<V1Node?>(answer);
        });
        await using var workers2 = new PodWorkers(ctx2);
        var pod = Pod("a");
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        Assert.Equal("NodeAffinity", (await ctx2.AdmitPod(pod, CancellationToken.None)).Reason);
        answer = null;
        Assert.Equal("NodeAffinity", (await ctx2.AdmitPod(pod, CancellationToken.None)).Reason);
        Assert.Equal(2, fetches);
    }

    private static PodWorkerContext Context(Func<V1Node?> node, Func<CancellationToken, Task<V1Node?>> fetch) => new()
    {
        Client = null!,
        Runtime = null!,
        Events = null!,
        Options = null!,
        Logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance,
        Probes = null!,
        Node = node,
        FetchNode = fetch,
    };

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
