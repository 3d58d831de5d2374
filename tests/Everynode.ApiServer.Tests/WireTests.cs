using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;

namespace Everynode.ApiServer.Tests;

/// <summary>Raw HTTPS checks: authentication, error bodies, body limits, YAML, health and version endpoints.</summary>
public sealed class WireTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private static StringContent Body(string text, string mediaType = "application/json") =>
        new(text, Encoding.UTF8, new MediaTypeHeaderValue(mediaType));

    /// <summary>Reads a Status body and checks its shape.</summary>
    private static async Task<JsonElement> AssertStatusAsync(HttpResponseMessage response, HttpStatusCode code, string reason)
    {
        Assert.Equal(code, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = doc.RootElement.Clone();
        Assert.Equal("Status", root.GetProperty("kind").GetString());
        Assert.Equal("v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("Failure", root.GetProperty("status").GetString());
        Assert.Equal(reason, root.GetProperty("reason").GetString());
        Assert.Equal((int)code, root.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("message").GetString()));
        return root;
    }

    [Fact]
    public async Task Request_WithoutToken_IsUnauthorized()
    {
        using var response = await server.Http.GetAsync(server.Host.Url + "/api/v1/namespaces");
        var status = await AssertStatusAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
        Assert.Equal("Unauthorized", status.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Request_WithWrongToken_IsUnauthorized()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Host.Url + "/api/v1/namespaces");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-" + server.Host.AdminToken);
        using var response = await server.Http.SendAsync(request);
        await AssertStatusAsync(response, HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task Request_WithToken_IsServed()
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, "/api/v1/namespaces/default");
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Namespace", doc.RootElement.GetProperty("kind").GetString());
        Assert.Equal("v1", doc.RootElement.GetProperty("apiVersion").GetString());
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/livez")]
    [InlineData("/readyz")]
    public async Task HealthEndpoints_AnswerOkWithoutToken(string path)
    {
        using var response = await server.Http.GetAsync(server.Host.Url + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Version_AnswersWithoutToken_AsKubernetes132()
    {
        using var response = await server.Http.GetAsync(server.Host.Url + "/version");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("1", doc.RootElement.GetProperty("major").GetString());
        Assert.Equal("32", doc.RootElement.GetProperty("minor").GetString());
        Assert.StartsWith("v1.32.", doc.RootElement.GetProperty("gitVersion").GetString(), StringComparison.Ordinal);

        var version = await server.Client.Version.GetCodeAsync();
        Assert.Equal("32", version.Minor);
    }

    [Fact]
    public async Task MalformedJson_IsBadRequestStatus()
    {
        using var request = server.AuthorizedRequest(HttpMethod.Post, "/api/v1/namespaces/default/pods", Body("{\"metadata\": {\"name\": "));
        using var response = await server.Http.SendAsync(request);
        await AssertStatusAsync(response, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task BodyOverThreeMebibytes_IsRequestEntityTooLarge()
    {
        var big = "{\"metadata\":{\"name\":\"big\",\"annotations\":{\"a\":\"" + new string('x', (3 * 1024 * 1024) + 10) + "\"}}}";
        using var request = server.AuthorizedRequest(HttpMethod.Post, "/api/v1/namespaces/default/pods", Body(big));
        using var response = await server.Http.SendAsync(request);
        await AssertStatusAsync(response, HttpStatusCode.RequestEntityTooLarge, "RequestEntityTooLarge");
    }

    [Theory]
    [InlineData("/api/v1/widgets")]
    [InlineData("/api/v1/namespaces/default/widgets")]
    [InlineData("/apis/nope.example.com/v1/things")]
    [InlineData("/apis/apps/v2/daemonsets")]
    [InlineData("/api/v1/namespaces/default/pods/p/exec-nothing")]
    public async Task UnknownResource_IsNotFound(string path)
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, path);
        using var response = await server.Http.SendAsync(request);
        await AssertStatusAsync(response, HttpStatusCode.NotFound, "NotFound");
    }

    [Fact]
    public async Task YamlBody_IsAccepted()
    {
        var ns = await server.CreateNamespaceAsync("yaml");
        const string yaml = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: from-yaml
              labels:
                source: yaml
            spec:
              selector:
                matchLabels:
                  app: y
              template:
                metadata:
                  labels:
                    app: y
                spec:
                  containers:
                  - name: main
                    image: "nginx:1.25"
                    args: ["--port", "8080"]
            """;
        using var request = server.AuthorizedRequest(HttpMethod.Post, $"/apis/apps/v1/namespaces/{ns}/daemonsets", Body(yaml, "application/yaml"));
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var ds = await server.Client.AppsV1.ReadNamespacedDaemonSetAsync("from-yaml", ns);
        Assert.Equal("yaml", ds.Metadata.Labels["source"]);
        Assert.Equal(["--port", "8080"], ds.Spec.Template.Spec.Containers[0].Args);
    }

    [Fact]
    public async Task Patch_WithUnsupportedContentType_IsUnsupportedMediaType()
    {
        var ns = await server.CreateNamespaceAsync();
        await server.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        using var request = server.AuthorizedRequest(HttpMethod.Patch, $"/api/v1/namespaces/{ns}/pods/p", Body("{}", "text/plain"));
        using var response = await server.Http.SendAsync(request);
        await AssertStatusAsync(response, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Fact]
    public async Task Create_WithWrongKind_IsBadRequest()
    {
        var ns = await server.CreateNamespaceAsync();
        using var request = server.AuthorizedRequest(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            Body("""{"apiVersion":"v1","kind":"Node","metadata":{"name":"x"}}"""));
        using var response = await server.Http.SendAsync(request);
        await AssertStatusAsync(response, HttpStatusCode.BadRequest, "BadRequest");
    }

    [Fact]
    public async Task Discovery_ListsServedResources()
    {
        var core = await server.Client.CoreV1.GetAPIResourcesAsync();
        var names = core.Resources.Select(r => r.Name).ToHashSet();
        Assert.Superset(new HashSet<string> { "namespaces", "nodes", "nodes/status", "pods", "pods/status", "pods/binding", "events" }, names);
        var apps = await server.Client.AppsV1.GetAPIResourcesAsync();
        Assert.Superset(new HashSet<string> { "daemonsets", "daemonsets/status", "controllerrevisions" }, apps.Resources.Select(r => r.Name).ToHashSet());
        var coordination = await server.Client.CoordinationV1.GetAPIResourcesAsync();
        Assert.Contains(coordination.Resources, r => r.Name == "leases" && r.Namespaced);
    }

    [Fact]
    public async Task LegacyWatchPath_StreamsEvents()
    {
        var ns = await server.CreateNamespaceAsync("legacy");
        var rv = (await server.Client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        using var request = server.AuthorizedRequest(HttpMethod.Get, $"/api/v1/watch/namespaces/{ns}/pods?resourceVersion={rv}&timeoutSeconds=30");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await server.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        using var doc = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        Assert.Equal("ADDED", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal("Pod", doc.RootElement.GetProperty("object").GetProperty("kind").GetString());
        Assert.Equal("p", doc.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
    }
}
