using Everynode.Api.Authorization;
using k8s.Models;

namespace Everynode.Api.Tests.Authorization;

public sealed class NodeRestrictionTests
{
    private static V1Node NodeObject(string name, Dictionary<string, string>? labels = null, params V1Taint[] taints) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = labels ?? [] },
        Spec = new V1NodeSpec { Taints = taints },
    };

    private static V1Pod Pod(string? nodeName, bool mirror = true) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = "p",
            Annotations = mirror ? new Dictionary<string, string> { [NodeRestriction.MirrorPodAnnotation] = "x" } : null,
        },
        Spec = new V1PodSpec { NodeName = nodeName },
    };

    [Fact]
    public void NodeTarget_OnlyItsOwnNode()
    {
        Assert.Null(NodeRestriction.NodeTarget("n1", "n1"));
        Assert.Equal("node \"n1\" is not allowed to modify node \"n2\"", NodeRestriction.NodeTarget("n1", "n2"));
    }

    [Fact]
    public void NodeCreate_KubeletLabelsOnly()
    {
        Assert.Null(NodeRestriction.NodeCreate("n1", NodeObject("n1", new() { ["kubernetes.io/hostname"] = "n1", ["node.kubernetes.io/x"] = "1", ["team"] = "a" })));
        Assert.Equal("node \"n1\" is not allowed to set the following labels: node-role.kubernetes.io/control-plane",
            NodeRestriction.NodeCreate("n1", NodeObject("n1", new() { ["node-role.kubernetes.io/control-plane"] = "" })));
        Assert.Equal("node \"n1\" is not allowed to modify node \"n2\"", NodeRestriction.NodeCreate("n1", NodeObject("n2")));
    }

    [Theory]
    [InlineData("team", null)]
    [InlineData("kubernetes.io/os", null)]
    [InlineData("topology.kubernetes.io/zone", null)]
    [InlineData("foo.kubelet.kubernetes.io/x", null)]
    [InlineData("node-role.kubernetes.io/master", "is not allowed to modify labels: node-role.kubernetes.io/master")]
    [InlineData("node-restriction.kubernetes.io/pool", "is not allowed to modify labels: node-restriction.kubernetes.io/pool")]
    [InlineData("example.k8s.io/x", "is not allowed to modify labels: example.k8s.io/x")]
    public void NodeUpdate_Labels(string key, string? expected)
    {
        var old = NodeObject("n1");

        Assert.Equal(expected, NodeRestriction.NodeUpdate("n1", NodeObject("n1", new() { [key] = "v" }), old));
        Assert.Equal(expected, NodeRestriction.NodeUpdate("n1", old, NodeObject("n1", new() { [key] = "v" })));
    }

    [Fact]
    public void NodeUpdate_TaintsAreNotTheNodes()
    {
        var taint = new V1Taint { Key = "k", Effect = "NoSchedule" };

        Assert.Equal("node \"n1\" is not allowed to modify taints", NodeRestriction.NodeUpdate("n1", NodeObject("n1"), NodeObject("n1", null, taint)));
        Assert.Null(NodeRestriction.NodeUpdate("n1", NodeObject("n1", null, taint), NodeObject("n1", null, taint)));
    }

    [Fact]
    public void MirrorPodCreate_OnlyMirrorPodsBoundToItself()
    {
        Assert.Null(NodeRestriction.MirrorPodCreate("n1", Pod("n1")));
        Assert.Equal("pod does not have \"kubernetes.io/config.mirror\" annotation, node \"n1\" can only create mirror pods",
            NodeRestriction.MirrorPodCreate("n1", Pod("n1", mirror: false)));
        Assert.Equal("node \"n1\" can only create pods with spec.nodeName set to itself", NodeRestriction.MirrorPodCreate("n1", Pod("n2")));
    }

    [Fact]
    public void BoundPod_And_Lease()
    {
        Assert.Null(NodeRestriction.BoundPod("n1", Pod("n1"), "delete"));
        Assert.Equal("node \"n1\" can only delete pods with spec.nodeName set to itself", NodeRestriction.BoundPod("n1", Pod(null), "delete"));
        Assert.Null(NodeRestriction.Lease("n1", "kube-node-lease", "n1"));
        Assert.Equal("can only access node lease with the same name as the requesting node", NodeRestriction.Lease("n1", "kube-node-lease", "n2"));
        Assert.Equal("can only access leases in the \"kube-node-lease\" namespace", NodeRestriction.Lease("n1", "default", "n1"));
    }
}
