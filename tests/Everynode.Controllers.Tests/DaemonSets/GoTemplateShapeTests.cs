using System.Text.Json.Nodes;
using Everynode.Controllers.DaemonSets;
using Everynode.Controllers.Shared;
using k8s.Models;
using static Everynode.Controllers.Tests.DaemonSets.DaemonSetTestObjects;

namespace Everynode.Controllers.Tests.DaemonSets;

public sealed class GoTemplateShapeTests
{
    private static string Shape(string template) => CanonicalJson.Write(GoTemplateShape.Apply(JsonNode.Parse(template)!.AsObject()));

    [Theory]
    [InlineData(
        """{"metadata":{"labels":{"a":""}},"spec":{"containers":[{"name":"c"}]}}""",
        """{"metadata":{"creationTimestamp":null,"labels":{"a":""}},"spec":{"containers":[{"name":"c","resources":{}}]}}""")]
    [InlineData(
        """{"spec":{"hostNetwork":false,"hostPID":true,"initContainers":[{"name":"i","stdin":false,"env":[]}],"containers":[{"name":"c","ports":[{"containerPort":80,"hostPort":0}],"securityContext":{"privileged":false}}]}}""",
        """{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"c","ports":[{"containerPort":80}],"resources":{},"securityContext":{"privileged":false}}],"hostPID":true,"initContainers":[{"name":"i","resources":{}}]}}""")]
    [InlineData(
        """{"metadata":{"annotations":{},"name":""},"spec":{"containers":[{"name":"c","image":"","resources":{"limits":{}},"volumeMounts":[{"name":"v","mountPath":"/x","readOnly":false}]}],"nodeSelector":{}}}""",
        """{"metadata":{"creationTimestamp":null},"spec":{"containers":[{"name":"c","resources":{},"volumeMounts":[{"mountPath":"/x","name":"v"}]}]}}""")]
    public void Apply_WritesTheTemplateAsGoDoes(string template, string expected) => Assert.Equal(expected, Shape(template));

    [Fact]
    public void Match_DataWrittenWithoutTheGoShape_StillMatches()
    {
        // Revisions written before the shape existed must keep matching, or an upgrade would restart every pod.
        var ds = NewDaemonSet();
        var template = JsonNode.Parse(k8s.KubernetesJson.Serialize(ds.Spec.Template))!.AsObject();
        template["$patch"] = "replace";
        var revision = new V1ControllerRevision
        {
            Data = ControllerRevisionPatch.AsData(new JsonObject { ["spec"] = new JsonObject { ["template"] = template } }.ToJsonString()),
        };

        Assert.True(ControllerRevisionPatch.Match(ds, revision));
    }
}
