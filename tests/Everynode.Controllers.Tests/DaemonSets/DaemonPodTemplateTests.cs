using Everynode.Api.Models;
using Everynode.Controllers.DaemonSets;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public class DaemonPodTemplateTests
{
    private static readonly string[] AutoTolerations =
    [
        "node.kubernetes.io/not-ready:NoExecute",
        "node.kubernetes.io/unreachable:NoExecute",
        "node.kubernetes.io/disk-pressure:NoSchedule",
        "node.kubernetes.io/memory-pressure:NoSchedule",
        "node.kubernetes.io/pid-pressure:NoSchedule",
        "node.kubernetes.io/unschedulable:NoSchedule",
    ];

    [Theory]
    [MemberData(nameof(Strategies), MemberType = typeof(DaemonSetTestObjects))]
    public void NewDaemonPod_CarriesLabelsOwnerNamespaceAndGenerateName(string strategy)
    {
        var ds = NewDaemonSet(strategy: strategy);
        ds.Spec.Template.Metadata.Annotations = new Dictionary<string, string> { ["a"] = "b" };
        ds.Spec.Template.Metadata.Finalizers = ["example.com/f"];

        var pod = DaemonPodTemplate.NewDaemonPod(ds, "node-1", "abc123", 7);

        Assert.Equal("foo-", pod.Metadata.GenerateName);
        Assert.Null(pod.Metadata.Name);
        Assert.Equal("default", pod.Metadata.NamespaceProperty);
        Assert.Equal(
            new Dictionary<string, string> { ["name"] = "foo", ["pod-template-generation"] = "7", ["controller-revision-hash"] = "abc123" },
            pod.Metadata.Labels);
        Assert.Equal("b", pod.Metadata.Annotations["a"]);
        Assert.Equal(["example.com/f"], pod.Metadata.Finalizers);
        var owner = Assert.Single(pod.Metadata.OwnerReferences);
        Assert.Equal(("apps/v1", "DaemonSet", "foo", "foo-uid", true, true),
            (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid, owner.Controller, owner.BlockOwnerDeletion));
        Assert.True(string.IsNullOrEmpty(pod.Spec.NodeName));
        Assert.Equal("foo/bar", pod.Spec.Containers[0].Image);
    }

    [Fact]
    public void NewDaemonPod_WithoutGenerationOrHash_AddsNeitherLabel()
    {
        var pod = DaemonPodTemplate.NewDaemonPod(NewDaemonSet(), "node-1", "", null);
        Assert.Equal(new Dictionary<string, string> { ["name"] = "foo" }, pod.Metadata.Labels);
    }

    [Fact]
    public void NewDaemonPod_AppendsAutomaticTolerationsInUpstreamOrder()
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.Tolerations = [Toleration("user", "Exists", null, "NoSchedule")];

        var pod = DaemonPodTemplate.NewDaemonPod(ds, "node-1", "h", 1);

        Assert.Equal(["user:NoSchedule", .. AutoTolerations], pod.Spec.Tolerations.Select(t => $"{t.Key}:{t.Effect}"));
        Assert.All(pod.Spec.Tolerations, t => Assert.Equal("Exists", t.OperatorProperty));
        Assert.All(pod.Spec.Tolerations, t => Assert.Null(t.TolerationSeconds));
    }

    [Fact]
    public void NewDaemonPod_HostNetwork_AlsoToleratesNetworkUnavailable()
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.HostNetwork = true;

        var pod = DaemonPodTemplate.NewDaemonPod(ds, "node-1", "h", 1);

        Assert.Equal([.. AutoTolerations, "node.kubernetes.io/network-unavailable:NoSchedule"], pod.Spec.Tolerations.Select(t => $"{t.Key}:{t.Effect}"));
    }

    [Fact]
    public void NewDaemonPod_SameTolerationWithSeconds_IsReplacedInPlace()
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.Tolerations =
        [
            Toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 300),
            Toleration("node.kubernetes.io/not-ready", "Exists", null, "NoExecute"),
            Toleration("node.kubernetes.io/disk-pressure", "Equal", "", "NoSchedule"),
        ];

        var pod = DaemonPodTemplate.NewDaemonPod(ds, "node-1", "h", 1);

        // The unreachable toleration loses its 300s in place; not-ready is identical and untouched; the Equal
        // disk-pressure toleration is a different toleration, so the automatic one is appended after it.
        Assert.Equal(
            ["node.kubernetes.io/unreachable:Exists:", "node.kubernetes.io/not-ready:Exists:", "node.kubernetes.io/disk-pressure:Equal:",
             "node.kubernetes.io/disk-pressure:Exists:", "node.kubernetes.io/memory-pressure:Exists:", "node.kubernetes.io/pid-pressure:Exists:",
             "node.kubernetes.io/unschedulable:Exists:"],
            pod.Spec.Tolerations.Select(t => $"{t.Key}:{t.OperatorProperty}:{t.TolerationSeconds}"));
    }

    [Fact]
    public void NewDaemonPod_PinsToTheNodeAndKeepsOtherAffinity()
    {
        var ds = NewDaemonSet();
        var preferred = new V1PreferredSchedulingTerm { Weight = 5, Preference = new V1NodeSelectorTerm { MatchExpressions = [Requirement("zone", "In", "a")] } };
        ds.Spec.Template.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms = [new V1NodeSelectorTerm { MatchExpressions = [Requirement("color", "In", "blue")] }],
                },
                PreferredDuringSchedulingIgnoredDuringExecution = [preferred],
            },
            PodAntiAffinity = new V1PodAntiAffinity(),
        };
        ds.Spec.Template.Spec.NodeSelector = new Dictionary<string, string> { ["color"] = "blue" };

        var pod = DaemonPodTemplate.NewDaemonPod(ds, "node-1", "h", 1);

        var term = Assert.Single(pod.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms);
        Assert.Null(term.MatchExpressions);
        var field = Assert.Single(term.MatchFields);
        Assert.Equal(("metadata.name", "In", "node-1"), (field.Key, field.OperatorProperty, Assert.Single(field.Values)));
        Assert.Equal(5, Assert.Single(pod.Spec.Affinity.NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution).Weight);
        Assert.NotNull(pod.Spec.Affinity.PodAntiAffinity);
        Assert.Equal("blue", pod.Spec.NodeSelector["color"]);
    }

    [Fact]
    public void NewDaemonPod_NeverMutatesTheDaemonSet()
    {
        var ds = NewDaemonSet();
        ds.Spec.Template.Spec.Tolerations = [Toleration("node.kubernetes.io/unreachable", "Exists", null, "NoExecute", 300)];
        SetRequiredAffinity(ds, new V1NodeSelectorTerm { MatchExpressions = [Requirement("color", "In", "blue")] });
        var before = SemanticEquality.Canonical(ds);

        var first = DaemonPodTemplate.NewDaemonPod(ds, "node-1", "h", 1);
        var second = DaemonPodTemplate.NewDaemonPod(ds, "node-2", "h", 1);

        Assert.Equal(before, SemanticEquality.Canonical(ds));
        Assert.NotSame(first.Metadata.Labels, second.Metadata.Labels);
        Assert.Equal("node-1", first.Spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution.NodeSelectorTerms[0].MatchFields[0].Values[0]);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("3", 3L)]
    [InlineData("x", null)]
    public void GetTemplateGeneration_ReadsTheAnnotation(string? value, long? expected)
    {
        var ds = NewDaemonSet();
        ds.Metadata.Annotations = value is null ? null : new Dictionary<string, string> { ["deprecated.daemonset.template.generation"] = value };
        Assert.Equal(expected, DaemonPodTemplate.GetTemplateGeneration(ds));
    }
}
