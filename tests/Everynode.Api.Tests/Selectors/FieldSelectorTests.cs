using Everynode.Api.Selectors;

namespace Everynode.Api.Tests.Selectors;

public class FieldSelectorTests
{
    private static readonly Dictionary<string, string> Pod = new()
    {
        ["metadata.name"] = "bare",
        ["metadata.namespace"] = "default",
        ["spec.nodeName"] = "n1",
        ["status.phase"] = "Running",
        ["metadata.annotations"] = "a=b,c",
    };

    [Theory]
    [InlineData("spec.nodeName=n1", true)]
    [InlineData("spec.nodeName==n1", true)]
    [InlineData("spec.nodeName!=n1", false)]
    [InlineData("spec.nodeName=n2", false)]
    [InlineData("spec.nodeName!=n2", true)]
    [InlineData("spec.nodeName=n1,status.phase!=Succeeded", true)]
    [InlineData("spec.nodeName=n1,status.phase=Pending", false)]
    [InlineData("spec.missing=", true)]
    [InlineData("spec.missing!=", false)]
    [InlineData("metadata.annotations=a\\=b\\,c", true)]
    [InlineData("spec.nodeName=n1,,", true)]
    public void Matches_EachOperator(string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector).Matches(Pod));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    public void Parse_Empty_SelectsEverything(string? selector)
    {
        var parsed = FieldSelector.Parse(selector);

        Assert.True(parsed.IsEverything);
        Assert.Empty(parsed.Fields);
        Assert.True(parsed.Matches(Pod));
    }

    [Theory]
    [InlineData("foo", "invalid selector: 'foo'; can't understand 'foo'")]
    [InlineData("a=b,foo", "invalid selector: 'a=b,foo'; can't understand 'foo'")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: 61")]
    [InlineData("a=b\\,c,d=e,f", "invalid selector: 'a=b\\,c,d=e,f'; can't understand 'f'")]
    [InlineData("a=b\\x", "invalid field selector: invalid escape sequence: \\x")]
    [InlineData("a=b\\", "invalid field selector: invalid escape sequence: \\")]
    public void Parse_Invalid_ThrowsUpstreamsMessage(string selector, string message) =>
        Assert.Equal(message, Assert.Throws<SelectorParseException>(() => FieldSelector.Parse(selector)).Message);

    [Fact]
    public void Parse_EscapedValue_IsUnescapedAndRenderedEscaped()
    {
        var selector = FieldSelector.Parse(@"metadata.name=a\,b\=c\\d");

        Assert.Equal(@"a,b=c\d", selector.Requirements[0].Value);
        Assert.Equal(@"metadata.name=a\,b\=c\\d", selector.ToString());
    }

    [Fact]
    public void Fields_ListsEveryFieldOnce() =>
        Assert.Equal(["metadata.name", "spec.nodeName"], FieldSelector.Parse("spec.nodeName=n1,metadata.name!=x,spec.nodeName!=n2").Fields.Order());

    [Fact]
    public void ToString_SortsTermsLikeUpstream() =>
        Assert.Equal("metadata.name=x,spec.nodeName!=n1", FieldSelector.Parse("spec.nodeName!=n1,metadata.name==x").ToString());

    [Theory]
    [InlineData("spec.nodeName=n1", true, "n1")]
    [InlineData("spec.nodeName==n1,metadata.name=x", true, "n1")]
    [InlineData("spec.nodeName!=n1", false, "")]
    [InlineData("metadata.name=x", false, "")]
    [InlineData("spec.nodeName=", true, "")]
    public void TryGetExactMatch_FindsTheNodeNameForIndexing(string selector, bool found, string value)
    {
        Assert.Equal(found, FieldSelector.Parse(selector).TryGetExactMatch("spec.nodeName", out var actual));
        Assert.Equal(value, actual);
    }
}
