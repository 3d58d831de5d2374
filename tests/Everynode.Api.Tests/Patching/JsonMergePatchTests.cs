using Everynode.Api.Patching;

namespace Everynode.Api.Tests.Patching;

public class JsonMergePatchTests
{
    // The examples of RFC 7386 appendix A.
    [Theory]
    [InlineData("{'a':'b'}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}")]
    [InlineData("{'a':'b'}", "{'a':null}", "{}")]
    [InlineData("{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}")]
    [InlineData("{'a':['b']}", "{'a':'c'}", "{'a':'c'}")]
    [InlineData("{'a':'c'}", "{'a':['b']}", "{'a':['b']}")]
    [InlineData("{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}")]
    [InlineData("{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}")]
    [InlineData("['a','b']", "['c','d']", "['c','d']")]
    [InlineData("{'a':'b'}", "['c']", "['c']")]
    [InlineData("{'e':null}", "{'a':1}", "{'e':null,'a':1}")]
    [InlineData("[1,2]", "{'a':'b','c':null}", "{'a':'b'}")]
    [InlineData("{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}")]
    public void Apply_Rfc7386Example_ProducesTheRfcResult(string target, string patch, string expected) =>
        Json.Equal(expected, JsonMergePatch.Apply(Json.Parse(target), Json.Parse(patch)));

    [Fact]
    public void Apply_NullPatch_ReplacesTheTargetWithNull() =>
        Assert.Null(JsonMergePatch.Apply(Json.Parse("{'a':'b'}"), null));

    [Fact]
    public void Apply_NullTarget_StartsFromAnEmptyObject() =>
        Json.Equal("{'a':1}", JsonMergePatch.Apply(null, Json.Parse("{'a':1,'b':null}")));

    [Fact]
    public void Apply_KubectlLabel_AddsTheLabelAndKeepsTheOthers()
    {
        var node = Json.Parse("{'metadata':{'name':'n1','labels':{'kubernetes.io/os':'linux'}},'spec':{}}");

        var patched = JsonMergePatch.Apply(node, Json.Parse("{'metadata':{'labels':{'disk':'ssd'}}}"));

        Json.Equal("{'metadata':{'name':'n1','labels':{'kubernetes.io/os':'linux','disk':'ssd'}},'spec':{}}", patched);
        Json.Equal("{'metadata':{'name':'n1','labels':{'kubernetes.io/os':'linux'}},'spec':{}}", node);
    }

    [Fact]
    public void Apply_KubectlUnlabel_RemovesTheLabel()
    {
        var node = Json.Parse("{'metadata':{'name':'n1','labels':{'disk':'ssd','zone':'a'}}}");

        var patched = JsonMergePatch.Apply(node, Json.Parse("{'metadata':{'labels':{'disk':null}}}"));

        Json.Equal("{'metadata':{'name':'n1','labels':{'zone':'a'}}}", patched);
    }

    [Fact]
    public void Apply_KubectlAnnotate_AddsTheAnnotationWhenThereWereNone()
    {
        var node = Json.Parse("{'metadata':{'name':'n1'}}");

        var patched = JsonMergePatch.Apply(node, Json.Parse("{'metadata':{'annotations':{'k':'v'}}}"));

        Json.Equal("{'metadata':{'name':'n1','annotations':{'k':'v'}}}", patched);
    }
}
