using Everynode.Api.Patching;
using k8s.Models;

namespace Everynode.Api.Tests.Patching;

public class StrategicMergePatchErrorTests
{
    [Theory]
    [InlineData("{'spec':{'nodeSelector':{'$patch':'bogus'}}}", 400, "unknown patch type: bogus in map: map[$patch:bogus]")]
    [InlineData("{'spec':{'containers':[{'image':'x'}]}}", 400, "map: map[image:x] does not contain declared merge key: name")]
    [InlineData("{'spec':{'containers':[{'$patch':'delete','image':'x'}]}}", 400, "map: map[$patch:delete image:x] does not contain declared merge key: name")]
    [InlineData("{'spec':{'containers':[{'$patch':'merge'}]}}", 400, "merging lists cannot yet be specified in the patch")]
    [InlineData("{'spec':{'containers':[{'$patch':'bogus','name':'a'}]}}", 400, "unknown patch type: bogus in map: map[$patch:bogus name:a]")]
    [InlineData("{'spec':{'volumes':[{'name':'v','$retainKeys':'name'}]}}", 400, "invalid patch format of retainKeys")]
    [InlineData("{'spec':{'volumes':[{'name':'v','emptyDir':{},'$retainKeys':['name']}]}}", 400, "invalid patch format of retainKeys")]
    [InlineData("{'spec':{'$setElementOrder/containers':'a'}}", 400, "invalid patch format of setElementOrder list")]
    [InlineData("{'spec':{'$setElementOrder':[]}}", 400, "invalid patch format of setElementOrder list")]
    [InlineData("{'metadata':{'$deleteFromPrimitiveList':['a']}}", 400, "invalid patch format of primitive list")]
    [InlineData("{'metadata':{'$deleteFromPrimitiveList/finalizers':'a'}}", 400, "invalid patch format of primitive list")]
    [InlineData("{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],'containers':[{'name':'a'},{'name':'b'}]}}", 400,
        "The order in patch list:\n[map[name:a] map[name:b]]\n doesn't match $setElementOrder list:\n[map[name:b] map[name:a]]\n")]
    [InlineData("{'metadata':{'finalizers':[1]}}", 422, "list element types are not identical: [[a] [1]]")]
    [InlineData("{'metadata':{'finalizers':[['x']]}}", 422, "list element types are not identical: [[a] [[x]]]")]
    [InlineData("{'spec':{'podCIDRs':[['x']]}}", 400, "lists of lists are not supported")]
    public void Apply_BadPatch_ThrowsUpstreamsMessage(string patch, int status, string message)
    {
        var original = Json.Parse("{'metadata':{'finalizers':['a']},'spec':{'containers':[{'name':'a'},{'name':'b'}],'volumes':[{'name':'v'}],'nodeSelector':{}}}");

        var modelType = patch.Contains("podCIDRs", StringComparison.Ordinal) ? typeof(V1Node) : typeof(V1Pod);

        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(original, Json.Parse(patch)!, modelType));

        Assert.Equal(message, error.Message);
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public void Apply_PatchThatIsNotAnObject_Is400()
    {
        var error = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(Json.Parse("{}"), Json.Parse("[1]")!, typeof(V1Pod)));

        Assert.Equal(400, error.StatusCode);
        Assert.Equal("invalid JSON document", error.Message);
    }
}
