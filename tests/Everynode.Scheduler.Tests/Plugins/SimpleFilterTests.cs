using Everynode.Scheduler.Framework;
using Everynode.Scheduler.Plugins;
using k8s.Models;

namespace Everynode.Scheduler.Tests.Plugins;

public class SimpleFilterTests
{
    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData("n1", true)]
    [InlineData("n2", false)]
    public void NodeName_PassesOnlyAnEmptyOrMatchingNodeName(string? nodeName, bool fits)
    {
        var status = new NodeName().Filter(Make.State(Make.Pod("p", change: p => p.Spec.NodeName = nodeName)), Make.Info(Make.Node("n1")));
        Assert.Equal(fits, status.IsSuccess);
        if (!fits)
        {
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
            Assert.Equal(["node(s) didn't match the requested node name"], status.Reasons);
        }
    }

    public static TheoryData<bool, V1Toleration[], bool> UnschedulableCases => new()
    {
        { false, [], true },
        { true, [], false },
        { true, [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" }], true },
        { true, [new V1Toleration { OperatorProperty = "Exists" }], true },
        { true, [new V1Toleration { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoExecute" }], false },
        { true, [new V1Toleration { Key = "other", OperatorProperty = "Exists" }], false },
    };

    [Theory]
    [MemberData(nameof(UnschedulableCases))]
    public void NodeUnschedulable_RejectsCordonedNodesUnlessTheUnschedulableTaintIsTolerated(bool cordoned, V1Toleration[] tolerations, bool fits)
    {
        var node = Make.Node("n1", change: n => n.Spec.Unschedulable = cordoned);
        var status = new NodeUnschedulable().Filter(Make.State(Make.Pod("p").WithTolerations(tolerations)), Make.Info(node));
        Assert.Equal(fits, status.IsSuccess);
        if (!fits)
        {
            Assert.Equal(StatusCode.UnschedulableAndUnresolvable, status.Code);
            Assert.Equal("node(s) were unschedulable", status.Message);
        }
    }

    [Fact]
    public void NodePorts_ATakenHostPortFailsUnschedulable()
    {
        // Which ports collide is HostPortFit's (Everynode.Api.Tests/Scheduling/HostPortFitTests).
        var node = Make.Info(Make.Node("n1"), Make.Pod("existing").WithHostPort(80));
        var status = new NodePorts().Filter(Make.State(Make.Pod("p").WithHostPort(80)), node);
        Assert.Equal(StatusCode.Unschedulable, status.Code);
        Assert.Equal("node(s) didn't have free ports for the requested pod ports", status.Message);
        Assert.True(new NodePorts().Filter(Make.State(Make.Pod("p").WithHostPort(81)), node).IsSuccess);
    }
}
