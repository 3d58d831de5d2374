using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Plugins;

public class NodeResourcesFitTests
{
    [Fact]
    public void Filter_FailsUnschedulableWithEveryShortfallAsItsOwnReason()
    {
        // The shortfalls themselves are ResourceFit's (Everynode.Api.Tests/Scheduling/ResourceFitTests).
        var node = Make.Info(Make.Node("n1", cpu: "1", pods: "1"), Make.Pod("a", "1"));
        var status = new NodeResourcesFit().Filter(Make.State(Make.Pod("p", "1")), node);
        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal(["Too many pods", "Insufficient cpu"], status.Reasons);
        Assert.True(new NodeResourcesFit().Filter(Make.State(Make.Pod("p", "1")), Make.Info(Make.Node("n2"))).IsSuccess);
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
