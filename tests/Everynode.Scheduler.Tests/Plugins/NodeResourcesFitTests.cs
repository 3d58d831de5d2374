using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Plugins;

public class NodeResourcesFitTests
{
    public static TheoryData<string, string?, string?, string[]> Cases => new()
    {
        // Node: 2 cpu, 4Gi, 3 pods; already used: 1 cpu, 1Gi, 2 pods.
        { "fits exactly", "1", "3Gi", [] },
        { "cpu short", "1001m", "1Gi", ["Insufficient cpu"] },
        { "memory short", "500m", "3073Mi", ["Insufficient memory"] },
        { "both short, cpu first", "2", "4Gi", ["Insufficient cpu", "Insufficient memory"] },
        { "no requests fit", null, null, [] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Filter_ReportsOneReasonPerMissingResource(string name, string? cpu, string? memory, string[] reasons)
    {
        _ = name;
        var node = Make.Info(Make.Node("n1", cpu: "2", memory: "4Gi", pods: "3"), Make.Pod("a", "500m", "512Mi"), Make.Pod("b", "500m", "512Mi"));
        var status = new NodeResourcesFit().Filter(Make.State(Make.Pod("p", cpu, memory)), node);
        Assert.Equal(reasons, status.Reasons);
        Assert.Equal(reasons.Length == 0 ? StatusCode.Success : StatusCode.Unschedulable, status.Code);
    }

    [Fact]
    public void Filter_ANodeAtItsPodLimit_IsTooManyPodsEvenForAPodWithoutRequests()
    {
        var node = Make.Info(Make.Node("n1", pods: "1"), Make.Pod("a"));
        Assert.Equal(["Too many pods"], new NodeResourcesFit().Filter(Make.State(Make.Pod("p")), node).Reasons);
    }

    [Fact]
    public void Filter_TooManyPodsComesBeforeResourceReasons()
    {
        var node = Make.Info(Make.Node("n1", cpu: "1", pods: "1"), Make.Pod("a", "1"));
        Assert.Equal(["Too many pods", "Insufficient cpu"], new NodeResourcesFit().Filter(Make.State(Make.Pod("p", "1")), node).Reasons);
    }

    [Fact]
    public void Filter_AnOvercommittedNodeStillTakesAPodThatRequestsNoCpu()
    {
        var node = Make.Info(Make.Node("n1", cpu: "1"), Make.Pod("a", "2"));
        Assert.True(new NodeResourcesFit().Filter(Make.State(Make.Pod("p", memory: "1Mi")), node).IsSuccess);
    }

    [Fact]
    public void Filter_ChecksExtendedAndEphemeralResources()
    {
        var node = Make.Node("n1", change: n => n.Status.Allocatable["example.com/gpu"] = new ResourceQuantity("1"));
        var pod = Make.Pod("p", change: p => p.Spec.Containers[0].Resources.Requests = new Dictionary<string, ResourceQuantity>
        {
            ["example.com/gpu"] = new("2"),
            ["ephemeral-storage"] = new("1Gi"),
            ["example.com/fpga"] = new("1"),
        });
        var status = new NodeResourcesFit().Filter(Make.State(pod), Make.Info(node));
        Assert.Equal(["Insufficient ephemeral-storage", "Insufficient example.com/fpga", "Insufficient example.com/gpu"], status.Reasons);
    }

    [Fact]
    public void Score_PrefersTheLeastAllocatedNode()
    {
        var pod = Make.State(Make.Pod("p", "1", "1Gi"));
        var empty = Make.Info(Make.Node("empty", cpu: "4", memory: "4Gi"));
        var busy = Make.Info(Make.Node("busy", cpu: "4", memory: "4Gi"), Make.Pod("a", "2", "2Gi"));

        // empty: cpu (4-1)/4 = 75, memory 75 → 75. busy: cpu (4-3)/4 = 25, memory 25 → 25.
        Assert.Equal(75, NodeResourcesFit.Score(pod, empty));
        Assert.Equal(25, NodeResourcesFit.Score(pod, busy));
    }

    [Fact]
    public void Score_CountsPodsWithoutRequestsAtTheDefaultRequests()
    {
        var pod = Make.State(Make.Pod("p"));
        var node = Make.Info(Make.Node("n", cpu: "1", memory: "1000Mi"));

        // cpu (1000-100)*100/1000 = 90, memory (1000-200)*100/1000 = 80 → 85.
        Assert.Equal(85, NodeResourcesFit.Score(pod, node));
    }

    [Fact]
    public void Score_OfAnOvercommittedResourceIsZero()
    {
        var node = Make.Info(Make.Node("n", cpu: "1", memory: "1Gi"));
        // cpu over-committed scores 0, memory (1024-512)/1024 = 50 → 25.
        Assert.Equal(25, NodeResourcesFit.Score(Make.State(Make.Pod("p", "2", "512Mi")), node));
    }
}
