using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Everynode.Cli.Agent;

/// <summary>
/// The node's own credential, in <c>DATA/node-credential.json</c> (mode 0600): the bearer token the agent uses as
/// <c>system:node:NAME</c> and the token the API server presents to the agent's log endpoint. Obtained once by
/// exchanging a join token (<c>POST /everynode/v1/node-credentials</c>); later starts reuse it and never send the
/// join token again.
/// </summary>
internal sealed record NodeCredentialFile(string Server, string Token, string ServingToken)
{
    public const string FileName = "node-credential.json";

    public static NodeCredentialFile? Load(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var o = JsonNode.Parse(File.ReadAllText(path)) as JsonObject;
            var stored = new NodeCredentialFile(
                o?["server"]?.GetValue<string>() ?? "", o?["token"]?.GetValue<string>() ?? "", o?["servingToken"]?.GetValue<string>() ?? "");
            return stored.Token.Length > 0 ? stored : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Save(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, FileName);
        var temp = path + ".tmp";
        File.Delete(temp);
        using (var stream = new FileStream(temp, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        {
            var json = new JsonObject { ["server"] = Server, ["token"] = Token, ["servingToken"] = ServingToken };
            stream.Write(Encoding.UTF8.GetBytes(json.ToJsonString()));
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Presents the join token once and returns the node's own credential.</summary>
    public static async Task<NodeCredentialFile> ExchangeAsync(Uri server, string caPem, string joinToken, string nodeName, CancellationToken ct)
    {
        var cas = new X509Certificate2Collection();
        cas.ImportFromPem(caPem);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = Everynode.Api.Tls.TrustedRoots.Validator(cas);
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server, "/everynode/v1/node-credentials"))
        {
            Content = new StringContent(new JsonObject { ["nodeName"] = nodeName }.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", joinToken);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
        {
            var message = (JsonNode.Parse(body) as JsonObject)?["message"]?.GetValue<string>() ?? body;
            throw new InvalidOperationException($"the server refused the join token ({(int)response.StatusCode}): {message}");
        }

        var answer = JsonNode.Parse(body) as JsonObject;
        return new NodeCredentialFile(
            server.ToString(),
            answer?["token"]?.GetValue<string>() ?? throw new InvalidOperationException("the server's answer has no token"),
            answer["servingToken"]?.GetValue<string>() ?? "");
    }
}
