using System.Text.Json.Nodes;

namespace Everynode.E2E.Tests.Security;

/// <summary>Who gets in: anonymous requests, join tokens (expiry, deletion, one credential per node), the audit log.</summary>
public sealed class AuthenticationTests(SecureServerFixture fixture) : IClassFixture<SecureServerFixture>
{
    [Fact]
    public async Task Anonymous_Gets401Status_ButHealthIsPublic()
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler);

        using var pods = await http.GetAsync(new Uri(fixture.Server.Url, "/api/v1/pods"));
        var status = JsonNode.Parse(await pods.Content.ReadAsStringAsync())!;
        using var health = await http.GetAsync(new Uri(fixture.Server.Url, "/readyz"));

        Assert.Equal(401, (int)pods.StatusCode);
        Assert.Equal(("Status", "Unauthorized", 401), (status["kind"]!.GetValue<string>(), status["reason"]!.GetValue<string>(), status["code"]!.GetValue<int>()));
        Assert.Equal(200, (int)health.StatusCode);
        var wrong = await fixture.Server.Kubectl.RunAsync("--token", "not-a-token", "get", "pods");
        Assert.True(wrong.ExitCode != 0 && wrong.Stderr.Contains("You must be logged in to the server", StringComparison.Ordinal), wrong.ToString());
    }

    [Fact]
    public async Task JoinToken_Expires()
    {
        var token = await fixture.CreateJoinTokenAsync("2s");
        var list = (await SecureServerFixture.EverynodeAsync("token", "list", "--data-dir", fixture.DataDirectory)).EnsureSuccess().Stdout;
        Assert.Contains(token.Split('.')[0], list, StringComparison.Ordinal);

        await Task.Delay(TimeSpan.FromSeconds(3));
        var (code, body) = await fixture.ExchangeAsync(token, "expired-node");

        Assert.True(code == 401, body);
    }

    [Fact]
    public async Task JoinToken_Deleted_IsRefused()
    {
        var token = await fixture.CreateJoinTokenAsync();
        (await SecureServerFixture.EverynodeAsync("token", "delete", "--data-dir", fixture.DataDirectory, token)).EnsureSuccess();

        var (code, body) = await fixture.ExchangeAsync(token, "deleted-token-node");

        Assert.True(code == 401, body);
    }

    [Fact]
    public async Task JoinToken_OneCredentialPerNode_AndOnlyForExchange()
    {
        var token = await fixture.CreateJoinTokenAsync();

        var (first, _) = await fixture.ExchangeAsync(token, "once-node");
        var (second, body) = await fixture.ExchangeAsync(token, "once-node");
        var asUser = await fixture.Server.Kubectl.RunAsync("--token", token, "get", "pods");

        Assert.Equal(201, first);
        Assert.True(second == 409, body);
        Assert.Contains("already has a credential", body, StringComparison.Ordinal);
        Assert.Contains("User \"system:bootstrap:", asUser.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditLog_RecordsMutatingRequests_AtMetadataLevel()
    {
        (await fixture.Server.Kubectl.RunAsync("create", "namespace", "audited")).EnsureSuccess();
        await fixture.Server.Kubectl.RunAsync("--token", SecureServerFixture.ViewerToken, "delete", "namespace", "audited");

        var events = (await File.ReadAllLinesAsync(fixture.AuditLogPath)).Select(l => JsonNode.Parse(l)!).ToList();

        var created = events.Single(e => e["verb"]!.GetValue<string>() == "create" && e["objectRef"]?["name"] is null
            && e["objectRef"]?["resource"]?.GetValue<string>() == "namespaces" && e["responseStatus"]!["code"]!.GetValue<int>() == 201);
        Assert.Equal(("audit.k8s.io/v1", "Event", "Metadata", "ResponseComplete", "admin"), (created["apiVersion"]!.GetValue<string>(), created["kind"]!.GetValue<string>(),
            created["level"]!.GetValue<string>(), created["stage"]!.GetValue<string>(), created["user"]!["username"]!.GetValue<string>()));
        Assert.NotNull(created["requestReceivedTimestamp"]);
        Assert.NotNull(created["stageTimestamp"]);
        Assert.Null(created["requestObject"]);
        var refused = events.Single(e => e["verb"]!.GetValue<string>() == "delete" && e["objectRef"]?["name"]?.GetValue<string>() == "audited");
        Assert.Equal(("viewer", 403), (refused["user"]!["username"]!.GetValue<string>(), refused["responseStatus"]!["code"]!.GetValue<int>()));
        Assert.DoesNotContain(events, e => e["verb"]!.GetValue<string>() is "get" or "list" or "watch");
    }
}
