using Everynode.Api.DaemonSets;
using k8s;
using k8s.Models;
using static Everynode.Api.Tests.Validation.StrategyHarness;

namespace Everynode.Api.Tests.Validation;

public sealed class DaemonSetStrategyTests
{
    private static readonly DaemonSetStrategy Strategy = new();

    private static string PrettyJson(object value) =>
        System.Text.Json.Nodes.JsonNode.Parse(KubernetesJson.Serialize(value))!.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private static V1DaemonSet Created()
    {
        var ds = Fixtures.DaemonSet();
        Assert.Empty(Create(Strategy, ds));
        return ds;
    }

    [Fact]
    public void Create_AppliesUpstreamDefaults_AsTheGoldenFileShows()
    {
        var ds = Fixtures.DaemonSet();
        ds.Spec.Template.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80 }];
        ds.Spec.Template.Spec.Containers[0].LivenessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = 80 } };
        ds.Spec.Template.Spec.Volumes = [new V1Volume { Name = "scratch" }, new V1Volume { Name = "conf", ConfigMap = new V1ConfigMapVolumeSource { Name = "c" } }];
        ds.Status = new V1DaemonSetStatus { NumberReady = 3 };

        Assert.Empty(Create(Strategy, ds));

        Golden.AssertMatches("daemonset-defaults", "expected.json", PrettyJson(ds));
    }

    [Fact]
    public void Create_DefaultsMaxUnavailableToTheJsonNumberOne()
    {
        var ds = Created();

        var json = KubernetesJson.Serialize(ds.Spec.UpdateStrategy);

        Assert.Equal("{\"rollingUpdate\":{\"maxSurge\":0,\"maxUnavailable\":1},\"type\":\"RollingUpdate\"}", json);
    }

    [Theory]
    [InlineData(null, "1")]
    [InlineData("0", "1")]
    [InlineData("7", "7")]
    public void Create_SetsTemplateGenerationToAtLeastOne(string? given, string expected)
    {
        var ds = Fixtures.DaemonSet();
        if (given is not null)
        {
            ds.Metadata.Annotations = new Dictionary<string, string> { [TemplateGeneration.AnnotationKey] = given };
        }

        Assert.Empty(Create(Strategy, ds));

        Assert.Equal(expected, ds.Metadata.Annotations[TemplateGeneration.AnnotationKey]);
        Assert.Equal(1, ds.Metadata.Generation);
    }

    [Fact]
    public void Create_NonIntegerTemplateGeneration_IsRejected()
    {
        var ds = Fixtures.DaemonSet();
        ds.Metadata.Annotations = new Dictionary<string, string> { [TemplateGeneration.AnnotationKey] = "x" };

        var errors = Render(Create(Strategy, ds));

        Assert.Equal(["metadata.annotations[deprecated.daemonset.template.generation]: Invalid value: \"x\": must be an integer"], errors);
    }

    [Fact]
    public void Update_TemplateChange_BumpsGenerationAndTemplateGeneration()
    {
        var old = Created();
        var ds = Fixtures.DaemonSet();
        ds.Spec.Template.Spec.Containers[0].Image = "nginx:1.26";

        Assert.Empty(Update(Strategy, ds, old));

        Assert.Equal(2, ds.Metadata.Generation);
        Assert.Equal("2", ds.Metadata.Annotations[TemplateGeneration.AnnotationKey]);
    }

    [Fact]
    public void Update_OtherSpecChange_BumpsOnlyGeneration()
    {
        var old = Created();
        var ds = Copy(old);
        ds.Spec.MinReadySeconds = 5;

        Assert.Empty(Update(Strategy, ds, old));

        Assert.Equal(2, ds.Metadata.Generation);
        Assert.Equal("1", ds.Metadata.Annotations[TemplateGeneration.AnnotationKey]);
    }

    [Fact]
    public void Update_SameSpecSentWithoutDefaults_ChangesNoGeneration()
    {
        var old = Created();
        var ds = Fixtures.DaemonSet();
        ds.Metadata.Generation = 9;
        ds.Metadata.Annotations = new Dictionary<string, string> { [TemplateGeneration.AnnotationKey] = "5" };

        Assert.Empty(Update(Strategy, ds, old));

        Assert.Equal(1, ds.Metadata.Generation);
        Assert.Equal("1", ds.Metadata.Annotations[TemplateGeneration.AnnotationKey]);
    }

    [Fact]
    public void Update_KeepsTheOldStatus()
    {
        var old = Created();
        old.Status.NumberReady = 4;
        var ds = Copy(old);
        ds.Status.NumberReady = 100;

        Assert.Empty(Update(Strategy, ds, old));

        Assert.Equal(4, ds.Status.NumberReady);
    }

    [Fact]
    public void Update_SelectorChange_IsImmutable()
    {
        var old = Created();
        var ds = Copy(old);
        ds.Spec.Selector.MatchLabels["app"] = "y";
        ds.Spec.Template.Metadata.Labels["app"] = "y";

        var errors = Render(Update(Strategy, ds, old));

        Assert.Equal(["spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: y,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable"], errors);
    }

    [Fact]
    public void UpdateStatus_KeepsTheOldSpec_AndChecksCounters()
    {
        var old = Created();
        old.Status.CollisionCount = 2;
        var ds = Copy(old);
        ds.Spec.MinReadySeconds = 30;
        ds.Status.NumberReady = -1;
        ds.Status.CollisionCount = 1;

        var errors = Render(UpdateStatus(Strategy, ds, old));

        Assert.Null(ds.Spec.MinReadySeconds);
        Assert.Equal(
            [
                "status.numberReady: Invalid value: -1: must be greater than or equal to 0",
                "status.collisionCount: Invalid value: 1: cannot be decremented",
            ],
            errors);
    }

    [Fact]
    public void UpdateStatus_AcceptsNewConditions()
    {
        var old = Created();
        var ds = Copy(old);
        ds.Status.Conditions = [new V1DaemonSetCondition { Type = "StatusUpdate", Status = "True", Reason = "E2E", Message = "Set from e2e test" }];

        Assert.Empty(UpdateStatus(Strategy, ds, old));
        Assert.Single(ds.Status.Conditions);
    }
}
