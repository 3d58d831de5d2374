using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;

namespace Everynode.Testing;

/// <summary>
/// A Bearer token server for <see cref="LocalRegistry"/>, as Docker Hub's auth.docker.io works: <c>GET
/// /token?service=…&amp;scope=repository:NAME:pull</c> with Basic credentials (or none, for anonymous pulls of
/// <see cref="PublicPrefix"/> repositories) answers a signed JWT the registry verifies against
/// <see cref="CertificateFile"/>. Requests are counted so tests can see tokens being reused.
/// </summary>
internal sealed class TokenServer : IDisposable
{
    public const string Service = "everynode-test-registry";
    public const string Issuer = "everynode-test-issuer";

    private readonly HttpListener _listener = new();
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly (string User, string Password) _user;
    private int _requests;

    public TokenServer(string folder, (string User, string Password) user, string publicPrefix = "public/")
    {
        _user = user;
        PublicPrefix = publicPrefix;
        var request = new CertificateRequest("CN=everynode-test-token-signer", _key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        _certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        Directory.CreateDirectory(folder);
        CertificateFile = Path.Combine(folder, "token-signer.pem");
        File.WriteAllText(CertificateFile, _certificate.ExportCertificatePem());
        var port = FreePorts.Take(1)[0];
        Realm = $"http://127.0.0.1:{port}/token";
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    public string Realm { get; }

    public string CertificateFile { get; }

    /// <summary>Repositories under this prefix are pullable anonymously.</summary>
    public string PublicPrefix { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A token granting <paramref name="actions"/> on <paramref name="repository"/>.</summary>
    public string Issue(string subject, string repository, IReadOnlyList<string> actions)
    {
        var header = new Dictionary<string, object>
        {
            ["typ"] = "JWT",
            ["alg"] = "ES256",
            ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) },
        };
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = subject,
            ["aud"] = Service,
            ["iat"] = now,
            ["nbf"] = now - 60,
            ["exp"] = now + 300,
            ["jti"] = Guid.NewGuid().ToString("n"),
            ["access"] = actions.Count == 0 ? [] : new[] { new { type = "repository", name = repository, actions } },
        };
        var signed = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signed + "." + Base64Url(signature);
    }

    public void Dispose()
    {
        _listener.Close();
        _key.Dispose();
        _certificate.Dispose();
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            try
            {
                Answer(context);
            }
            catch (HttpListenerException)
            {
            }
        }
    }

    private void Answer(HttpListenerContext context)
    {
        var scope = context.Request.QueryString["scope"] ?? "";
        var parts = scope.Split(':');
        var repository = parts.Length == 3 ? parts[1] : "";
        var authorization = context.Request.Headers["Authorization"];
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user.User}:{_user.Password}"));
        string subject;
        if (authorization == expected)
        {
            subject = _user.User;
        }
        else if (authorization is not null)
        {
            context.Response.StatusCode = 401;
            context.Response.Close();
            return;
        }
        else
        {
            subject = "";
        }

        // Like Docker Hub: a token is always issued; it grants pull only where the caller may pull.
        var allowed = subject.Length > 0 || repository.StartsWith(PublicPrefix, StringComparison.Ordinal);
        var token = Issue(subject, repository, allowed ? ["pull"] : []);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { token, access_token = token, expires_in = 300 });
        context.Response.ContentType = "application/json";
        context.Response.OutputStream.Write(body);
        context.Response.Close();
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
