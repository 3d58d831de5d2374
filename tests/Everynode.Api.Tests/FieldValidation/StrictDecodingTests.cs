using System.Text;
using Everynode.Api.FieldValidation;
using k8s.Models;

namespace Everynode.Api.Tests.FieldValidation;

/// <summary>Unknown and duplicate fields, reported as upstream's strict decoder reports them.</summary>
public class StrictDecodingTests
{
    private static IReadOnlyList<string> Problems(string json, Type? type = null) =>
        StrictDecoding.FindProblems(Encoding.UTF8.GetBytes(json.Replace('\'', '"')), type ?? typeof(V1DaemonSet));

    [Fact]
    public void AKnownObject_HasNoProblems() => Assert.Empty(Problems("""
        {'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'a','labels':{'any-key':'x'},'annotations':{'k':'v'}},
         'spec':{'selector':{'matchLabels':{'app':'a'}},'updateStrategy':{'rollingUpdate':{'maxUnavailable':'10%','maxSurge':0}},
                 'template':{'spec':{'containers':[{'name':'c','image':'i','resources':{'limits':{'cpu':'100m','memory':1}}}]}}}}
        """));

    [Fact]
    public void UnknownFields_AreNamedByPathWithListIndexes_InDocumentOrder() => Assert.Equal(
        ["unknown field \"spec.foo\"", "unknown field \"spec.template.spec.containers[1].bar\"", "unknown field \"extra\""],
        Problems("""
            {'spec':{'foo':{'deep':1},'template':{'spec':{'containers':[{'name':'a'},{'name':'b','bar':true}]}}},'extra':[1]}
            """));

    [Fact]
    public void DuplicateFields_AreReported_AlsoInsideMaps() => Assert.Equal(
        ["duplicate field \"metadata.name\"", "duplicate field \"metadata.labels.app\""],
        Problems("{'metadata':{'name':'a','name':'b','labels':{'app':'x','app':'y'}}}"));

    [Fact]
    public void UntypedFields_AreNotLookedInto() =>
        Assert.Empty(Problems("{'revision':1,'data':{'anything':{'goes':1}}}", typeof(V1ControllerRevision)));

    [Fact]
    public void FindDuplicates_IgnoresThePatchsShape() => Assert.Equal(
        ["duplicate field \"spec.x\""],
        StrictDecoding.FindDuplicates(Encoding.UTF8.GetBytes("""{"spec":{"$setElementOrder/containers":[],"x":1,"x":2}}""")));

    [Fact]
    public void Message_JoinsProblemsLikeUpstream() => Assert.Equal(
        "strict decoding error: unknown field \"spec.foo\", duplicate field \"kind\"",
        StrictDecoding.Message(["unknown field \"spec.foo\"", "duplicate field \"kind\""]));

    [Fact]
    public void MalformedJson_IsLeftToTheDecoder() => Assert.Empty(Problems("{'spec':"));
}
