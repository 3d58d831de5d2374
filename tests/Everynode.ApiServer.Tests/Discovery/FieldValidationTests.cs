using System.Net;
using System.Text;
using System.Text.Json;

namespace Everynode.ApiServer.Tests.Discovery;

/// <summary>fieldValidation on create, update and patch: Strict refuses, Warn warns, Ignore is silent.</summary>
public sealed class FieldValidationTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private static string Lease(string name, string extra = "") =>
        $$$"""{"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"{{{name}}}"},"spec":{"holderIdentity":"a"{{{extra}}}}}""";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body, string contentType = "application/json")
    {
        using var request = server.AuthorizedRequest(method, path, new StringContent(body, Encoding.UTF8, contentType));
        return await server.Http.SendAsync(request);
    }

    [Fact]
    public async Task Strict_RefusesUnknownAndDuplicateFields_WithUpstreamsMessage()
    {
        var ns = await server.CreateNamespaceAsync("strict");
        using var response = await SendAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases?fieldValidation=Strict",
            Lease("l", ""","foo":1,"holderIdentity":"b" """));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(
            "Lease in version \"v1\" cannot be handled as a Lease: strict decoding error: unknown field \"spec.foo\", duplicate field \"spec.holderIdentity\"",
            doc.RootElement.GetProperty("message").GetString());
        Assert.Equal("BadRequest", doc.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Warn_AcceptsTheObject_AndSendsOneEscapedWarningPerField()
    {
        var ns = await server.CreateNamespaceAsync("warn");
        using var response = await SendAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases?fieldValidation=Warn",
            Lease("l", ""","foo":1,"bar":2"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["299 - \"unknown field \\\"spec.foo\\\"\"", "299 - \"unknown field \\\"spec.bar\\\"\""], response.Headers.GetValues("Warning"));
        Assert.DoesNotContain("foo", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ignore_IsSilent()
    {
        var ns = await server.CreateNamespaceAsync("ignore");
        using var response = await SendAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases?fieldValidation=Ignore",
            Lease("l", ""","foo":1"""));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.False(response.Headers.Contains("Warning"));
    }

    [Fact]
    public async Task StrictPatchAndUpdate_RefuseUnknownFields()
    {
        var ns = await server.CreateNamespaceAsync("patch");
        var path = $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases";
        (await SendAsync(HttpMethod.Post, path, Lease("l"))).Dispose();

        using var patch = await SendAsync(HttpMethod.Patch, $"{path}/l?fieldValidation=Strict", """{"spec":{"nope":true}}""", "application/merge-patch+json");
        var body = await patch.Content.ReadAsStringAsync();
        Assert.True(patch.StatusCode == HttpStatusCode.BadRequest, body);
        Assert.Contains("strict decoding error: unknown field \\\"spec.nope\\\"", body, StringComparison.Ordinal);

        using var put = await SendAsync(HttpMethod.Put, $"{path}/l?fieldValidation=Strict", Lease("l", ""","nope":1"""));
        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);

        using var fine = await SendAsync(HttpMethod.Patch, $"{path}/l?fieldValidation=Strict", """{"spec":{"holderIdentity":"z"}}""", "application/strategic-merge-patch+json");
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task AnUnsupportedDirective_IsABadRequest()
    {
        var ns = await server.CreateNamespaceAsync("bad");
        using var response = await SendAsync(HttpMethod.Post, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases?fieldValidation=Loose", Lease("l"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
