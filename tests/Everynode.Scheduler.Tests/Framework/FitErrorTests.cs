using Everynode.Scheduler.Framework;

namespace Everynode.Scheduler.Tests.Framework;

/// <summary>The cases of upstream's TestFitError_Error (pkg/scheduler/framework/types_test.go), v1.32 format.</summary>
public class FitErrorTests
{
    private static NodeToStatus Statuses(params (string Node, string Reason)[] entries)
    {
        var statuses = new NodeToStatus(Status.Unresolvable("x"));
        foreach (var (node, reason) in entries)
        {
            statuses.Set(node, Status.Unschedulable("x", reason));
        }

        return statuses;
    }

    private const string F1 = "Node(s) failed Filter plugin FalseFilter-1";
    private const string F2 = "Node(s) failed Filter plugin FalseFilter-2";
    private const string Post = "Error running PostFilter plugin FailedPostFilter";

    [Fact]
    public void Message_APreFilterRejectionReplacesTheHistogram()
    {
        var pre = "Node(s) failed PreFilter plugin FalsePreFilter";
        var error = new FitError(3, Statuses(("node1", pre), ("node2", pre), ("node3", pre)), pre);
        Assert.Equal("0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter.", error.Message);
        Assert.Equal(
            "0/3 nodes are available: Node(s) failed PreFilter plugin FalsePreFilter. Error running PostFilter plugin FailedPostFilter",
            (error with { PostFilterMessage = Post }).Message);
    }

    [Fact]
    public void Message_CountsOneReasonAcrossNodes()
    {
        var error = new FitError(3, Statuses(("node1", F1), ("node2", F1), ("node3", F1)));
        Assert.Equal("0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1.", error.Message);
        Assert.Equal(
            "0/3 nodes are available: 3 Node(s) failed Filter plugin FalseFilter-1. Error running PostFilter plugin FailedPostFilter",
            (error with { PostFilterMessage = Post }).Message);
    }

    [Fact]
    public void Message_SortsTheCountedReasonsAsStrings()
    {
        var error = new FitError(3, Statuses(("node1", F1), ("node2", F1), ("node3", F2)));
        Assert.Equal(
            "0/3 nodes are available: 1 Node(s) failed Filter plugin FalseFilter-2, 2 Node(s) failed Filter plugin FalseFilter-1.",
            error.Message);
    }

    [Fact]
    public void Message_MixedReasonsAsInTheSpecification()
    {
        var statuses = Statuses(("n1", "Insufficient cpu"));
        statuses.Set("n2", Status.Unresolvable("NodeAffinity", "node(s) didn't match Pod's node affinity/selector"));
        statuses.Set("n3", Status.Unresolvable("NodeAffinity", "node(s) didn't match Pod's node affinity/selector"));
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't match Pod's node affinity/selector.",
            new FitError(3, statuses).Message);
    }

    [Fact]
    public void Message_CountsEveryReasonOfANode()
    {
        var statuses = new NodeToStatus(Status.Unresolvable("x"));
        statuses.Set("n1", Status.Unschedulable("NodeResourcesFit", "Insufficient cpu", "Insufficient memory"));
        statuses.Set("n2", Status.Unschedulable("NodeResourcesFit", "Insufficient memory"));
        Assert.Equal("0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.", new FitError(2, statuses).Message);
    }

    [Fact]
    public void Message_NodesNotLookedAtCountWithTheAbsentStatus()
    {
        var statuses = new NodeToStatus(Status.Unresolvable("NodeAffinity", "node(s) didn't satisfy plugin(s) [NodeAffinity]"));
        statuses.Set("n1", Status.Unschedulable("NodeResourcesFit", "Insufficient cpu"));
        Assert.Equal(
            "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity].",
            new FitError(3, statuses).Message);
    }

    [Fact]
    public void Message_CountsSortAsTextSoTenComesBeforeTwo()
    {
        var statuses = new NodeToStatus(Status.Unresolvable("x", "b"));
        statuses.Set("n1", Status.Unschedulable("x", "a"));
        statuses.Set("n2", Status.Unschedulable("x", "a"));
        Assert.Equal("0/12 nodes are available: 10 b, 2 a.", new FitError(12, statuses).Message);
    }

    [Fact]
    public void ScheduledMessage_NamesNamespacePodAndNode() =>
        Assert.Equal("Successfully assigned kube-system/fluentd-x7k2p to worker-0", SchedulerMessages.Scheduled("kube-system", "fluentd-x7k2p", "worker-0"));
}
