using System.Net;
using System.Text.Json;

namespace Everynode.ApiServer.Tests.Discovery;

/// <summary>Aggregated discovery as client-go asks for it, legacy discovery for everyone else, and read-only services.</summary>
public sealed class AggregatedDiscoveryTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private const string KubectlAccept =
        "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

    /// <summary>GETs a path; the Content-Type is read as sent, before reading the body normalizes it.</summary>
    private async Task<(HttpResponseMessage Response, string ContentType, JsonElement Body)> GetAsync(string path, string accept)
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        var response = await server.Http.SendAsync(request);
        var contentType = response.Content.Headers.NonValidated["Content-Type"].ToString();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response, contentType, doc.RootElement.Clone());
    }

    [Theory]
    [InlineData("/api")]
    [InlineData("/apis")]
    public async Task KubectlsAccept_GetsV2_WithTheExactContentType(string path)
    {
        var (response, contentType, body) = await GetAsync(path, KubectlAccept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", contentType);
        Assert.Equal("APIGroupDiscoveryList", body.GetProperty("kind").GetString());
        Assert.Equal("apidiscovery.k8s.io/v2", body.GetProperty("apiVersion").GetString());
    }

    [Fact]
    public async Task V2beta1Only_GetsV2beta1()
    {
        var (response, contentType, body) = await GetAsync("/apis", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList");

        Assert.Equal("application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList", contentType);
        Assert.Equal("apidiscovery.k8s.io/v2beta1", body.GetProperty("apiVersion").GetString());
    }

    [Fact]
    public async Task PlainJson_GetsLegacyDiscovery()
    {
        var (response, contentType, body) = await GetAsync("/api", "application/json, */*");

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("APIVersions", body.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task EveryResourceAndSubresource_HasAResponseKindScopeAndVerbs()
    {
        var resources = new List<JsonElement>();
        foreach (var path in new[] { "/api", "/apis" })
        {
            var (_, _, body) = await GetAsync(path, KubectlAccept);
            foreach (var group in body.GetProperty("items").EnumerateArray())
            {
                var version = group.GetProperty("versions")[0];
                Assert.Equal("Current", version.GetProperty("freshness").GetString());
                resources.AddRange(version.GetProperty("resources").EnumerateArray());
            }
        }

        Assert.Contains(resources, r => r.GetProperty("resource").GetString() == "daemonsets");
        foreach (var r in resources)
        {
            Assert.False(string.IsNullOrEmpty(r.GetProperty("responseKind").GetProperty("kind").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("responseKind").GetProperty("version").GetString()));
            Assert.Contains(r.GetProperty("scope").GetString(), new[] { "Namespaced", "Cluster" });
            Assert.False(string.IsNullOrEmpty(r.GetProperty("singularResource").GetString()));
            Assert.NotEmpty(r.GetProperty("verbs").EnumerateArray());
            if (r.TryGetProperty("subresources", out var subresources))
            {
                foreach (var s in subresources.EnumerateArray())
                {
                    Assert.False(string.IsNullOrEmpty(s.GetProperty("responseKind").GetProperty("kind").GetString()));
                    Assert.NotEmpty(s.GetProperty("verbs").EnumerateArray());
                }
            }
        }

        var ds = resources.Single(r => r.GetProperty("resource").GetString() == "daemonsets");
        Assert.Equal("apps", ds.GetProperty("responseKind").GetProperty("group").GetString());
        Assert.Equal(["ds"], ds.GetProperty("shortNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["all"], ds.GetProperty("categories").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("status", ds.GetProperty("subresources")[0].GetProperty("subresource").GetString());
        var binding = resources.Single(r => r.GetProperty("resource").GetString() == "pods").GetProperty("subresources")
            .EnumerateArray().Single(s => s.GetProperty("subresource").GetString() == "binding");
        Assert.Equal("Binding", binding.GetProperty("responseKind").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Services_AreListedEmpty_AndRefuseWrites()
    {
        var (response, contentType, body) = await GetAsync("/api/v1/namespaces/kube-system/services?labelSelector=kubernetes.io%2Fcluster-service%3Dtrue", "application/json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ServiceList", body.GetProperty("kind").GetString());
        Assert.Empty(body.GetProperty("items").EnumerateArray());

        using var create = server.AuthorizedRequest(HttpMethod.Post, "/api/v1/namespaces/default/services",
            new StringContent("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s"}}""", System.Text.Encoding.UTF8, "application/json"));
        using var refused = await server.Http.SendAsync(create);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, refused.StatusCode);
    }

    [Fact]
    public async Task LegacyCoreResourceList_ListsServicesAndSubresourcesWithTheirKinds()
    {
        var (_, _, body) = await GetAsync("/api/v1", "application/json, */*");
        var resources = body.GetProperty("resources").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);

        Assert.Equal(["svc"], resources["services"].GetProperty("shortNames").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["get", "list", "watch"], resources["services"].GetProperty("verbs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Binding", resources["pods/binding"].GetProperty("kind").GetString());
        Assert.Equal("pod", resources["pods/status"].GetProperty("singularName").GetString());
    }
}
