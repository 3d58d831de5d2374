using System.Text.Json;
using Everynode.Api.ControllerRevisions;
using Everynode.Api.Events;
using Everynode.Api.Leases;
using Everynode.Api.Namespaces;
using Everynode.Api.Nodes;
using k8s.Models;
using static Everynode.Api.Tests.Validation.StrategyHarness;

namespace Everynode.Api.Tests.Validation;

public sealed class ClusterObjectStrategyTests
{
    private static V1Node Node(params V1Taint[] taints) =>
        new() { Metadata = new V1ObjectMeta { Name = "n1" }, Spec = new V1NodeSpec { Taints = taints } };

    [Fact]
    public void Node_TaintWithoutEffect_IsRequired_UnderUpstreamsMetadataPath()
    {
        var errors = Render(Create(new NodeStrategy(), Node(new V1Taint { Key = "k" })));

        Assert.Equal(["metadata.taints[0].effect: Required value"], errors);
    }

    [Fact]
    public void Node_DuplicateTaintKeyAndEffect_IsADuplicate()
    {
        var t = new V1Taint { Key = "k", Value = "a", Effect = "NoSchedule" };
        var errors = Render(Create(new NodeStrategy(), Node(t, new V1Taint { Key = "k", Value = "b", Effect = "NoSchedule" })));

        Assert.Equal(
            ["metadata.taints[1]: Duplicate value: core.Taint{Key:\"k\", Value:\"b\", Effect:\"NoSchedule\", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair"],
            errors);
    }

    [Fact]
    public void Node_UnknownTaintEffect_IsUnsupported()
    {
        var errors = Render(Create(new NodeStrategy(), Node(new V1Taint { Key = "k", Effect = "Later" })));

        Assert.Equal(["metadata.taints[0].effect: Unsupported value: \"Later\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\""], errors);
    }

    [Fact]
    public void Node_PodCidrOnceSet_CannotChange()
    {
        var old = Node();
        old.Spec.PodCIDR = "10.0.0.0/24";
        var node = Copy(old);
        node.Spec.PodCIDR = "10.0.1.0/24";

        Assert.Equal(["spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid"], Render(Update(new NodeStrategy(), node, old)));
    }

    [Fact]
    public void Namespace_Create_IsActiveWithTheKubernetesFinalizer()
    {
        var ns = new V1Namespace { Metadata = new V1ObjectMeta { Name = "team-a" } };

        Assert.Empty(Create(new NamespaceStrategy(), ns));

        Assert.Equal("Active", ns.Status.Phase);
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
        Assert.Equal("team-a", ns.Metadata.Labels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public void Namespace_NameWithDots_IsNotALabel()
    {
        var ns = new V1Namespace { Metadata = new V1ObjectMeta { Name = "team.a" } };

        Assert.Equal(["metadata.name: Invalid value: \"team.a\": must not contain dots"], Render(Create(new NamespaceStrategy(), ns)));
    }

    [Fact]
    public void Namespace_StatusUpdate_KeepsTheSpec()
    {
        var old = new V1Namespace { Metadata = new V1ObjectMeta { Name = "a" } };
        Assert.Empty(Create(new NamespaceStrategy(), old));
        var ns = Copy(old);
        ns.Spec.Finalizers = [];

        Assert.Empty(UpdateStatus(new NamespaceStrategy(), ns, old));
        Assert.Equal(["kubernetes"], ns.Spec.Finalizers);
    }

    [Fact]
    public void Event_NamespaceMismatch_IsReported()
    {
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "e", NamespaceProperty = "a" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = "b" },
        };

        Assert.Equal(["involvedObject.namespace: Invalid value: \"b\": does not match event.namespace"], Render(Create(new EventStrategy(), ev)));
    }

    [Fact]
    public void Event_NewStyleWithoutReportingFields_RequiresThem()
    {
        var ev = new Corev1Event
        {
            Metadata = new V1ObjectMeta { Name = "e", NamespaceProperty = "a" },
            InvolvedObject = new V1ObjectReference { Kind = "Pod", Name = "p", NamespaceProperty = "a" },
            EventTime = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            ReportingComponent = "kubelet",
        };

        Assert.Equal(["reportingInstance: Required value", "action: Required value", "reason: Required value"], Render(Create(new EventStrategy(), ev)));
    }

    [Fact]
    public void Lease_NonPositiveDurationAndNegativeTransitions_AreInvalid()
    {
        var lease = new V1Lease
        {
            Metadata = new V1ObjectMeta { Name = "n1", NamespaceProperty = "kube-node-lease" },
            Spec = new V1LeaseSpec { LeaseDurationSeconds = 0, LeaseTransitions = -1 },
        };

        Assert.Equal(
            ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0", "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"],
            Render(Create(new LeaseStrategy(), lease)));
    }

    [Fact]
    public void ControllerRevision_WithoutData_IsMandatory()
    {
        var rev = new V1ControllerRevision { Metadata = new V1ObjectMeta { Name = "ds-abc", NamespaceProperty = "default" }, Revision = -1 };

        Assert.Equal(
            ["data: Required value: data is mandatory", "revision: Invalid value: -1: must be greater than or equal to 0"],
            Render(Create(new ControllerRevisionStrategy(), rev)));
    }

    [Fact]
    public void ControllerRevision_DataChange_IsImmutable_ButRevisionMayChange()
    {
        var old = new V1ControllerRevision
        {
            Metadata = new V1ObjectMeta { Name = "ds-abc", NamespaceProperty = "default" },
            Data = JsonDocument.Parse("{}").RootElement,
            Revision = 1,
        };
        var bumped = Copy(old);
        bumped.Revision = 3;
        var changed = Copy(old);
        changed.Data = JsonDocument.Parse("{\"a\":1}").RootElement;

        Assert.Empty(Update(new ControllerRevisionStrategy(), bumped, old));
        Assert.Equal(
            ["data: Invalid value: runtime.RawExtension{Raw:[]byte{0x7b, 0x22, 0x61, 0x22, 0x3a, 0x31, 0x7d}, Object:runtime.Object(nil)}: field is immutable"],
            Render(Update(new ControllerRevisionStrategy(), changed, old)));
    }
}
