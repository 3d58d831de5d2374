using Everynode.Api.Patching;

namespace Everynode.Api.Tests.Patching;

public class JsonPatchTests
{
    [Theory]
    [InlineData("{'a':1}", "[{'op':'add','path':'/b','value':2}]", "{'a':1,'b':2}")]
    [InlineData("{'a':1}", "[{'op':'add','path':'/a','value':3}]", "{'a':3}")]
    [InlineData("{'a':[1,2]}", "[{'op':'add','path':'/a/1','value':9}]", "{'a':[1,9,2]}")]
    [InlineData("{'a':[1,2]}", "[{'op':'add','path':'/a/2','value':9}]", "{'a':[1,2,9]}")]
    [InlineData("{'a':[1,2]}", "[{'op':'add','path':'/a/-','value':9}]", "{'a':[1,2,9]}")]
    [InlineData("{'a':1}", "[{'op':'add','path':'','value':[1]}]", "[1]")]
    [InlineData("{'a':1}", "[{'op':'add','path':'/n','value':null}]", "{'a':1,'n':null}")]
    [InlineData("{'a':1,'b':2}", "[{'op':'remove','path':'/a'}]", "{'b':2}")]
    [InlineData("{'a':[1,2,3]}", "[{'op':'remove','path':'/a/0'}]", "{'a':[2,3]}")]
    [InlineData("{'a':{'b':1}}", "[{'op':'replace','path':'/a/b','value':'x'}]", "{'a':{'b':'x'}}")]
    [InlineData("{'a':[1,2]}", "[{'op':'replace','path':'/a/1','value':5}]", "{'a':[1,5]}")]
    [InlineData("{'a':1}", "[{'op':'replace','path':'','value':{'z':0}}]", "{'z':0}")]
    [InlineData("{'a':{'b':1},'c':{}}", "[{'op':'move','from':'/a/b','path':'/c/d'}]", "{'a':{},'c':{'d':1}}")]
    [InlineData("{'a':[1,2,3]}", "[{'op':'move','from':'/a/0','path':'/a/-'}]", "{'a':[2,3,1]}")]
    [InlineData("{'a':{'b':1}}", "[{'op':'copy','from':'/a','path':'/c'}]", "{'a':{'b':1},'c':{'b':1}}")]
    [InlineData("{'a':{'b':[1,'x']}}", "[{'op':'test','path':'/a/b','value':[1,'x']}]", "{'a':{'b':[1,'x']}}")]
    [InlineData("{'a/b':1,'m~n':2}", "[{'op':'replace','path':'/a~1b','value':3},{'op':'remove','path':'/m~0n'}]", "{'a/b':3}")]
    [InlineData("{'':1}", "[{'op':'replace','path':'/','value':2}]", "{'':2}")]
    [InlineData("{'a':1}", "[{'op':'test','path':'/a','value':1},{'op':'add','path':'/b','value':2}]", "{'a':1,'b':2}")]
    public void Apply_Operation_ProducesTheRfc6902Result(string document, string patch, string expected) =>
        Json.Equal(expected, JsonPatch.Apply(Json.Parse(document), Json.Parse(patch)!));

    [Theory]
    [InlineData("[{'op':'add','path':'/x/y','value':1}]", "add operation does not apply: doc is missing path: \"/x/y\": missing value")]
    [InlineData("[{'op':'add','path':'/list/5','value':1}]", "add operation does not apply: doc is missing path: \"/list/5\": missing value")]
    [InlineData("[{'op':'add','path':'/list/01','value':1}]", "add operation does not apply: doc is missing path: \"/list/01\": missing value")]
    [InlineData("[{'op':'remove','path':'/x'}]", "remove operation does not apply: doc is missing path: \"/x\": missing value")]
    [InlineData("[{'op':'remove','path':'/list/-'}]", "remove operation does not apply: doc is missing path: \"/list/-\": missing value")]
    [InlineData("[{'op':'replace','path':'/x','value':1}]", "replace operation does not apply: doc is missing key: /x: missing value")]
    [InlineData("[{'op':'move','from':'/x','path':'/y'}]", "move operation does not apply: doc is missing from path: /x: missing value")]
    [InlineData("[{'op':'move','from':'/a','path':'/a/b'}]", "move operation does not apply: cannot move /a into its own child /a/b")]
    [InlineData("[{'op':'copy','from':'/x','path':'/y'}]", "copy operation does not apply: doc is missing from path: \"/x\": missing value")]
    [InlineData("[{'op':'test','path':'/a','value':{'b':2}}]", "testing value /a failed: test failed")]
    [InlineData("[{'op':'test','path':'/nope','value':null}]", "testing value /nope failed: test failed")]
    public void Apply_OperationThatDoesNotFitTheDocument_Is422(string patch, string message)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(Json.Parse("{'a':{'b':1},'list':[0]}"), Json.Parse(patch)!));
        Assert.Equal(422, error.StatusCode);
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("{'op':'add','path':'/a','value':1}")]
    [InlineData("[{'path':'/a','value':1}]")]
    [InlineData("[{'op':'frobnicate','path':'/a'}]")]
    [InlineData("[{'op':'add','value':1}]")]
    [InlineData("[{'op':'add','path':'/a'}]")]
    [InlineData("[{'op':'move','path':'/a'}]")]
    [InlineData("[{'op':'add','path':'a','value':1}]")]
    [InlineData("[{'op':'add','path':'/a~2','value':1}]")]
    [InlineData("[1]")]
    public void Apply_MalformedPatch_Is400(string patch)
    {
        var error = Assert.Throws<PatchException>(() => JsonPatch.Apply(Json.Parse("{'a':1}"), Json.Parse(patch)!));
        Assert.Equal(400, error.StatusCode);
    }

    [Fact]
    public void Apply_FailingOperation_LeavesTheInputDocumentUnchanged()
    {
        var document = Json.Parse("{'a':1}");
        Assert.Throws<PatchException>(() => JsonPatch.Apply(document, Json.Parse("[{'op':'add','path':'/b','value':2},{'op':'remove','path':'/zz'}]")!));
        Json.Equal("{'a':1}", document);
    }

    [Fact]
    public void Apply_KubectlPatchTypeJson_ReplacesTheContainerImage()
    {
        var daemonSet = Json.Parse("{'spec':{'template':{'spec':{'containers':[{'name':'agent','image':'busybox:1.37'}]}}}}");
        var patch = Json.Parse("[{'op':'replace','path':'/spec/template/spec/containers/0/image','value':'busybox:1.39'}]")!;

        Json.Equal("{'spec':{'template':{'spec':{'containers':[{'name':'agent','image':'busybox:1.39'}]}}}}", JsonPatch.Apply(daemonSet, patch));
    }
}
