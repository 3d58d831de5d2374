using System.Net.Http.Headers;
using System.Text;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Security;

/// <summary>
/// One <c>everynode server</c> (controllers off) with a static token file of four users and an audit log, shared by
/// the security tests. Users: viewer, editor, nsadmin (bound by the tests) and root (in system:masters).
/// </summary>
public sealed class SecureServerFixture : EverynodeServerFixture
{
    public const string ViewerToken = "viewer-token-0123456789";
    public const string EditorToken = "editor-token-0123456789";
    public const string AdminUserToken = "nsadmin-token-0123456789";
    public const string RootToken = "root-token-0123456789";

    public string AuditLogPath => Folder.Combine("audit", "audit.log");

    private string TokenFile => Folder.Combine("tokens.csv");

    protected override IReadOnlyList<string> ExtraArgs => ["--controllers", "-*", "--token-auth-file", TokenFile, "--audit-log-path", AuditLogPath];

    public override async Task InitializeAsync()
    {
        await File.WriteAllTextAsync(TokenFile, $"""
            {ViewerToken},viewer,1001,"team-view"
            {EditorToken},editor,1002
            {AdminUserToken},nsadmin,1003,"team-admin,other"
            {RootToken},root,1004,system:masters
            """);
        await base.InitializeAsync();
    }

    /// <summary>Runs <c>everynode ARGS</c> to completion.</summary>
    internal static async Task<CommandResult> EverynodeAsync(params string[] args)
    {
        using var process = ChildProcess.Start(EverynodeBinary.StartInfo(args));
        Assert.True(await process.WaitForExitAsync(TimeSpan.FromSeconds(60)), $"everynode {string.Join(' ', args)} did not finish");
        return process.Result();
    }

    /// <summary>Creates a join token with everynode token create.</summary>
    internal async Task<string> CreateJoinTokenAsync(string ttl = "10m") =>
        (await EverynodeAsync("token", "create", "--data-dir", DataDirectory, "--ttl", ttl)).EnsureSuccess().Stdout.Trim();

    /// <summary>POSTs the node credential exchange with a join token; the status code and body.</summary>
    internal async Task<(int Code, string Body)> ExchangeAsync(string joinToken, string nodeName)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Server.Url, "/everynode/v1/node-credentials"))
        {
            Content = new StringContent($$"""{"nodeName":"{{nodeName}}"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", joinToken);
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A node credential for <paramref name="nodeName"/>, through a fresh join token.</summary>
    internal async Task<string> NodeTokenAsync(string nodeName)
    {
        var (code, body) = await ExchangeAsync(await CreateJoinTokenAsync(), nodeName);
        Assert.True(code == 201, body);
        return System.Text.Json.Nodes.JsonNode.Parse(body)!["token"]!.GetValue<string>();
    }
}
