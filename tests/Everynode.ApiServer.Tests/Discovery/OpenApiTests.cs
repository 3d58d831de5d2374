using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Everynode.ApiServer.Tests.Discovery;

/// <summary>The OpenAPI v3 index and documents, as kubectl's validation, apply and explain read them.</summary>
public sealed partial class OpenApiTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private async Task<HttpResponseMessage> GetAsync(string path, string? ifNoneMatch = null)
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, path);
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }

        return await server.Http.SendAsync(request);
    }

    private async Task<Dictionary<string, string>> IndexAsync()
    {
        using var response = await GetAsync("/openapi/v3");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("paths").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetProperty("serverRelativeURL").GetString()!);
    }

    [Fact]
    public async Task Index_ListsEveryServedGroupVersion_WithAHash()
    {
        var index = await IndexAsync();

        foreach (var key in new[] { "api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1", "api", "apis", "version", "apis/apps" })
        {
            Assert.Matches($"^/openapi/v3/{Regex.Escape(key)}\\?hash=[0-9A-F]{{128}}$", index[key]);
        }
    }

    [Fact]
    public async Task EveryDocument_ParsesAndReferencesOnlyDefinedSchemas()
    {
        foreach (var (key, url) in await IndexAsync())
        {
            using var response = await GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var text = await response.Content.ReadAsStringAsync();
            using var doc = JsonDocument.Parse(text);
            Assert.Equal("3.0.0", doc.RootElement.GetProperty("openapi").GetString());
            var defined = doc.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject().Select(p => p.Name).ToHashSet();
            var referenced = RefPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToList();
            Assert.True(referenced.Count > 0, key);
            Assert.All(referenced, r => Assert.Contains(r, defined));
        }
    }

    [Fact]
    public async Task AppsV1_PatchOperation_AdvertisesFieldValidationAndStrategicMergePatch()
    {
        var index = await IndexAsync();
        using var response = await GetAsync(index["apis/apps/v1"]);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        var patch = doc.RootElement.GetProperty("paths").GetProperty("/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}").GetProperty("patch");
        var gvk = patch.GetProperty("x-kubernetes-group-version-kind");
        Assert.Equal(("apps", "v1", "DaemonSet"), (gvk.GetProperty("group").GetString(), gvk.GetProperty("version").GetString(), gvk.GetProperty("kind").GetString()));
        Assert.Equal("patchAppsV1NamespacedDaemonSet", patch.GetProperty("operationId").GetString());
        Assert.Equal("patch", patch.GetProperty("x-kubernetes-action").GetString());
        var parameters = patch.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("fieldValidation", parameters);
        Assert.Contains("dryRun", parameters);
        Assert.Contains("fieldManager", parameters);
        Assert.True(patch.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/strategic-merge-patch+json", out _));
        var ds = doc.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("io.k8s.api.apps.v1.DaemonSet");
        Assert.Equal("DaemonSet", ds.GetProperty("x-kubernetes-group-version-kind")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task HashedDocument_IsImmutable_StaleHashRedirects_AndETagRevalidates()
    {
        var url = (await IndexAsync())["apis/apps/v1"];
        using var hashed = await GetAsync(url);
        Assert.Equal("public, immutable", hashed.Headers.CacheControl?.ToString());
        Assert.NotNull(hashed.Content.Headers.Expires);
        var etag = hashed.Headers.ETag?.Tag;
        Assert.Equal($"\"{url[(url.IndexOf('=', StringComparison.Ordinal) + 1)..]}\"", etag);

        using var noRedirects = new HttpClient(new HttpClientHandler
        {
            AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        });
        using var staleRequest = server.AuthorizedRequest(HttpMethod.Get, "/openapi/v3/apis/apps/v1?hash=0000");
        using var stale = await noRedirects.SendAsync(staleRequest);
        Assert.Equal(HttpStatusCode.MovedPermanently, stale.StatusCode);
        Assert.Equal(url, stale.Headers.Location?.ToString());

        using var revalidated = await GetAsync("/openapi/v3/apis/apps/v1", etag);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task UnknownDocument_IsNotFound()
    {
        using var missing = await GetAsync("/openapi/v3/apis/nope/v1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex RefPattern();
}
