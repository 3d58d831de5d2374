using Everynode.Api.Authorization;
using k8s.Models;

namespace Everynode.Api.Tests.Authorization;

public sealed class PolicyRulesTests
{
    private static RequestAttributes Req(string verb, string group, string resource, string subresource = "", string name = "", string ns = "default") =>
        new() { User = "u", Verb = verb, ApiGroup = group, Resource = resource, Subresource = subresource, Name = name, Namespace = ns };

    public static TheoryData<string[], string[], string[], string[]?, RequestAttributes, bool> Cases => new()
    {
        { ["get"], [""], ["pods"], null, Req("get", "", "pods", name: "p"), true },
        { ["get"], [""], ["pods"], null, Req("list", "", "pods"), false },
        { ["*"], [""], ["pods"], null, Req("delete", "", "pods", name: "p"), true },
        { ["get"], ["apps"], ["pods"], null, Req("get", "", "pods"), false },
        { ["get"], ["*"], ["*"], null, Req("get", "apps", "daemonsets"), true },
        // A subresource is only covered when named, by "res/sub" or "*/sub".
        { ["update"], [""], ["pods"], null, Req("update", "", "pods", "status", "p"), false },
        { ["update"], [""], ["pods/status"], null, Req("update", "", "pods", "status", "p"), true },
        { ["update"], [""], ["*/status"], null, Req("update", "", "nodes", "status", "n"), true },
        { ["update"], [""], ["*/status"], null, Req("update", "", "nodes", "", "n"), false },
        { ["update"], [""], ["*"], null, Req("update", "", "nodes", "status", "n"), true },
        // resourceNames restrict to names; a request without a name (list, create) never matches them.
        { ["get"], [""], ["secrets"], ["a"], Req("get", "", "secrets", name: "a"), true },
        { ["get"], [""], ["secrets"], ["a"], Req("get", "", "secrets", name: "b"), false },
        { ["list"], [""], ["secrets"], ["a"], Req("list", "", "secrets"), false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Allows_ResourceRules(string[] verbs, string[] groups, string[] resources, string[]? names, RequestAttributes request, bool expected)
    {
        var rule = new V1PolicyRule { Verbs = verbs, ApiGroups = groups, Resources = resources, ResourceNames = names };

        Assert.Equal(expected, PolicyRules.Allows(rule, request));
    }

    [Theory]
    [InlineData("/healthz", "/healthz", true)]
    [InlineData("/apis/*", "/apis/apps/v1", true)]
    [InlineData("/apis/*", "/api/v1", false)]
    [InlineData("*", "/anything", true)]
    [InlineData("/version", "/version/x", false)]
    public void Allows_NonResourceUrls(string url, string path, bool expected)
    {
        var rule = new V1PolicyRule { Verbs = ["get"], NonResourceURLs = [url] };

        Assert.Equal(expected, PolicyRules.Allows(rule, new RequestAttributes { User = "u", Verb = "get", IsResourceRequest = false, Path = path }));
    }

    [Fact]
    public void Allows_NonResourceRuleNeverCoversResources()
    {
        var rule = new V1PolicyRule { Verbs = ["*"], NonResourceURLs = ["*"] };

        Assert.False(PolicyRules.Allows(rule, Req("get", "", "pods")));
    }
}
