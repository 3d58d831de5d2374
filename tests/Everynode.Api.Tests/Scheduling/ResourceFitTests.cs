using Everynode.Api.Scheduling;
using k8s.Models;
using static Everynode.Api.Tests.Scheduling.SchedulingObjects;

namespace Everynode.Api.Tests.Scheduling;

/// <summary>Upstream's noderesources.Fits, as the scheduler's NodeResourcesFit filter and the agent's admission apply it.</summary>
public class ResourceFitTests
{
    public static TheoryData<string, string?, string?, string[]> Cases => new()
    {
        // Node: 2 cpu, 4Gi, 3 pods; already used: 1 cpu, 1Gi, 2 pods.
        { "fits exactly", "1", "3Gi", [] },
        { "cpu short", "1001m", "1Gi", ["cpu 1001 1000 2000"] },
        { "memory short", "500m", "3073Mi", ["memory 3222274048 1073741824 4294967296"] },
        { "both short, cpu first", "2", "4Gi", ["cpu 2000 1000 2000", "memory 4294967296 1073741824 4294967296"] },
        { "no requests fit", null, null, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Fits_ReportsEveryShortfallWithItsAmounts(string name, string? cpu, string? memory, string[] shortfalls)
    {
        _ = name;
        var node = Info(Node(cpu: "2", memory: "4Gi", pods: "3"), Pod("a", "500m", "512Mi"), Pod("b", "500m", "512Mi"));
        var result = ResourceFit.Fits(PodRequests.Compute(Pod("p", cpu, memory)), node);
        Assert.Equal(shortfalls, result.Select(r => $"{r.ResourceName} {r.Requested} {r.Used} {r.Capacity}"));
        Assert.All(result, r => Assert.Equal("Insufficient " + r.ResourceName, r.Reason));
    }

    [Fact]
    public void Fits_ANodeAtItsPodLimit_IsTooManyPodsEvenForAPodWithoutRequests()
    {
        var result = ResourceFit.Fits(PodRequests.Compute(Pod("p")), Info(Node(pods: "1"), Pod("a")));
        Assert.Equal([new InsufficientResource("pods", "Too many pods", 1, 1, 1)], result);
    }

    [Fact]
    public void Fits_TooManyPodsComesBeforeResourceReasons()
    {
        var result = ResourceFit.Fits(PodRequests.Compute(Pod("p", "1")), Info(Node(cpu: "1", pods: "1"), Pod("a", "1")));
        Assert.Equal(["Too many pods", "Insufficient cpu"], result.Select(r => r.Reason));
    }

    [Fact]
    public void Fits_AnOvercommittedNodeStillTakesAPodThatRequestsNoCpu() =>
        Assert.Empty(ResourceFit.Fits(PodRequests.Compute(Pod("p", memory: "1Mi")), Info(Node(cpu: "1"), Pod("a", "2"))));

    [Fact]
    public void Fits_ChecksEphemeralThenScalarResourcesByName()
    {
        var node = Node(change: n => n.Status.Allocatable["example.com/gpu"] = new ResourceQuantity("1"));
        var pod = Pod("p", change: p => p.Spec.Containers[0].Resources.Requests = new Dictionary<string, ResourceQuantity>
        {
            ["example.com/gpu"] = new("2"),
            ["ephemeral-storage"] = new("1Gi"),
            ["example.com/fpga"] = new("1"),
        });
        var result = ResourceFit.Fits(PodRequests.Compute(pod), Info(node));
        Assert.Equal(["Insufficient ephemeral-storage", "Insufficient example.com/fpga", "Insufficient example.com/gpu"], result.Select(r => r.Reason));
    }
}
