using Everynode.Api.Selectors;
using k8s.Models;

namespace Everynode.Api.Tests.Selectors;

public class LabelSelectorTests
{
    private static Dictionary<string, string> Labels(string text) =>
        text.Length == 0 ? [] : text.Split(',').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static V1LabelSelectorRequirement Requirement(string key, string op, List<string> values) =>
        new() { Key = key, OperatorProperty = op, Values = values };

    [Theory]
    [InlineData("app=web", "app=web", true)]
    [InlineData("app=web", "app=db", false)]
    [InlineData("app=web", "", false)]
    [InlineData("app==web", "app=web", true)]
    [InlineData("app!=web", "app=db", true)]
    [InlineData("app!=web", "", true)]
    [InlineData("app!=web", "app=web", false)]
    [InlineData("env in (prod,staging)", "env=staging", true)]
    [InlineData("env in (prod,staging)", "env=dev", false)]
    [InlineData("env in (prod,staging)", "", false)]
    [InlineData("env notin (prod,staging)", "env=dev", true)]
    [InlineData("env notin (prod,staging)", "", true)]
    [InlineData("env notin (prod,staging)", "env=prod", false)]
    [InlineData("env", "env=x", true)]
    [InlineData("env", "app=x", false)]
    [InlineData("!env", "app=x", true)]
    [InlineData("!env", "env=x", false)]
    [InlineData("gen>3", "gen=4", true)]
    [InlineData("gen>3", "gen=3", false)]
    [InlineData("gen>3", "gen=abc", false)]
    [InlineData("gen>3", "", false)]
    [InlineData("gen<3", "gen=-1", true)]
    [InlineData("gen<3", "gen=3", false)]
    [InlineData("a=1,b!=2,!c", "a=1,b=3", true)]
    [InlineData("a=1,b!=2,!c", "a=1,b=3,c=x", false)]
    [InlineData("x=", "x=", true)]
    [InlineData("x in (a,,b)", "x=", true)]
    [InlineData("x in ()", "x=", true)]
    [InlineData("in in (in,notin)", "in=notin", true)]
    [InlineData("  app  =  web  ,  tier  ", "app=web,tier=x", true)]
    [InlineData("example.com/role=node", "example.com/role=node", true)]
    public void Matches_EachOperator(string selector, string labels, bool expected) =>
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Labels(labels)));

    [Theory]
    [InlineData("b=2,a=1", "a=1,b=2")]
    [InlineData("x in (c,a,b)", "x in (a,b,c)")]
    [InlineData("x notin (b,a)", "x notin (a,b)")]
    [InlineData("z,!y,x==1,w!=2", "w!=2,x==1,!y,z")]
    [InlineData("g>5,l<7", "g>5,l<7")]
    [InlineData("x in (a,a)", "x in (a)")]
    public void ToString_RendersUpstreamsCanonicalForm(string selector, string canonical) =>
        Assert.Equal(canonical, LabelSelector.Parse(selector).ToString());

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Parse_NullOrEmpty_SelectsEverything(string? selector)
    {
        var parsed = LabelSelector.Parse(selector);

        Assert.True(parsed.IsEverything);
        Assert.True(parsed.Matches(null));
        Assert.Equal(string.Empty, parsed.ToString());
    }

    [Theory]
    [InlineData("a,", "found '', expected: identifier after ','")]
    [InlineData(",a", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("!a=b", "found '=', expected: ',' or 'end of string'")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x in (a", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'")]
    [InlineData("x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier")]
    [InlineData("x in (a,=)", "unable to parse requirement: found '=', expected: ',', or identifier")]
    [InlineData("x (a)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("x=(a)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("!=a", "found '!=', expected: !, identifier, or 'end of string'")]
    [InlineData("a=b)", "found ')', expected: ',' or 'end of string'")]
    [InlineData("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("-x=1", "unable to parse requirement: <nil>: Invalid value: \"-x\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("a/b/c", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("/x", "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty")]
    [InlineData("Example.com/x", "unable to parse requirement: <nil>: Invalid value: \"Example.com/x\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("x=a_", "unable to parse requirement: values[0][x]: Invalid value: \"a_\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    public void Parse_Invalid_ThrowsUpstreamsMessage(string selector, string message) =>
        Assert.Equal(message, Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(selector)).Message);

    [Fact]
    public void Parse_KeyNameLongerThan63_IsRejected()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse(new string('k', 64)));

        Assert.Contains("name part must be no more than 63 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ValueLongerThan63_IsRejected()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.Parse("k=" + new string('v', 64)));

        Assert.StartsWith("unable to parse requirement: values[0][k]: Invalid value: \"vvvv", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be no more than 63 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromLabelSelector_Null_MatchesNothing()
    {
        var selector = LabelSelector.FromLabelSelector(null);

        Assert.False(selector.IsEverything);
        Assert.False(selector.Matches(new Dictionary<string, string>()));
    }

    [Fact]
    public void FromLabelSelector_Empty_MatchesEverything()
    {
        var selector = LabelSelector.FromLabelSelector(new V1LabelSelector());

        Assert.True(selector.IsEverything);
        Assert.True(selector.Matches(new Dictionary<string, string> { ["a"] = "b" }));
    }

    [Fact]
    public void FromLabelSelector_MatchLabelsAndExpressions_AreAnded()
    {
        var selector = LabelSelector.FromLabelSelector(new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["app"] = "log-agent" },
            MatchExpressions =
            [
                Requirement("tier", "In", ["node", "edge"]),
                Requirement("env", "NotIn", ["dev"]),
                Requirement("managed", "Exists", []),
                Requirement("legacy", "DoesNotExist", []),
            ],
        });

        Assert.Equal("app=log-agent,env notin (dev),!legacy,managed,tier in (edge,node)", selector.ToString());
        Assert.True(selector.Matches(Labels("app=log-agent,tier=edge,managed=")));
        Assert.False(selector.Matches(Labels("app=log-agent,tier=edge,managed=,legacy=1")));
        Assert.False(selector.Matches(Labels("app=log-agent,tier=edge")));
        Assert.False(selector.Matches(Labels("app=log-agent,tier=edge,managed=,env=dev")));
    }

    [Theory]
    [InlineData("Gt", null, "\"Gt\" is not a valid label selector operator")]
    [InlineData("In", null, "values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("Exists", "a", "values: Invalid value: [\"a\"]: values set must be empty for exists and does not exist")]
    public void FromLabelSelector_InvalidExpression_Throws(string op, string? value, string message)
    {
        var requirement = Requirement("k", op, value is null ? [] : [value]);

        var error = Assert.Throws<SelectorParseException>(
            () => LabelSelector.FromLabelSelector(new V1LabelSelector { MatchExpressions = [requirement] }));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void FromLabelSelector_InvalidMatchLabelsKey_Throws()
    {
        var error = Assert.Throws<SelectorParseException>(() => LabelSelector.FromLabelSelector(
            new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a b"] = "x" } }));

        Assert.StartsWith("key: Invalid value: \"a b\": name part must consist of", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, V1LabelSelector?, bool?> ObjectCases => new()
    {
        { "null matches nothing", null, false },
        { "empty matches everything", new V1LabelSelector(), true },
        { "matchLabels match", new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } }, true },
        { "matchLabels differ", new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "db" } }, false },
        { "NotIn on an absent label", new V1LabelSelector { MatchExpressions = [Requirement("tier", "NotIn", ["db"])] }, true },
        { "invalid matchLabels key", new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a b"] = "web" } }, null },
        { "invalid matchLabels value", new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "-web" } }, null },
        { "NotIn with an invalid key", new V1LabelSelector { MatchExpressions = [Requirement("a b", "NotIn", ["x"])] }, null },
        { "DoesNotExist with an invalid key", new V1LabelSelector { MatchExpressions = [Requirement("a b", "DoesNotExist", [])] }, null },
        { "In without values", new V1LabelSelector { MatchExpressions = [Requirement("app", "In", [])] }, null },
        { "Exists with values", new V1LabelSelector { MatchExpressions = [Requirement("app", "Exists", ["web"])] }, null },
        { "Gt is no label selector operator", new V1LabelSelector { MatchExpressions = [Requirement("n", "Gt", ["1"])] }, null },
    };

    /// <summary>
    /// The one verdict on whether a metav1.LabelSelector matches labels (PDBs, ClusterRole aggregation, template
    /// checks): null when the selector does not convert, which every caller reads as "does not match" or "no check".
    /// </summary>
    [Theory]
    [MemberData(nameof(ObjectCases))]
    public void TryFromLabelSelector_MatchesOrGivesNoVerdict(string name, V1LabelSelector? selector, bool? matches)
    {
        bool? actual = LabelSelector.TryFromLabelSelector(selector, out var parsed) ? parsed.Matches(Labels("app=web")) : null;
        Assert.True(matches == actual, name);
        if (matches is null)
        {
            Assert.Throws<SelectorParseException>(() => LabelSelector.FromLabelSelector(selector));
        }
    }

    [Theory]
    [InlineData("app=web,tier!=db", "app", true, "web")]
    [InlineData("app in (web)", "app", true, "web")]
    [InlineData("app in (web,db)", "app", false, "")]
    [InlineData("app!=web", "app", false, "")]
    [InlineData("tier=db", "app", false, "")]
    public void TryGetExactMatch_ReportsAPinnedLabel(string selector, string label, bool found, string value)
    {
        Assert.Equal(found, LabelSelector.Parse(selector).TryGetExactMatch(label, out var actual));
        Assert.Equal(value, actual);
    }
}
