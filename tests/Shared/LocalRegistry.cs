using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Everynode.Api.Tls;

namespace Everynode.Testing;

/// <summary>
/// A real OCI distribution registry (Debian's <c>docker-registry</c>) on 127.0.0.1 over TLS with a CA the test
/// makes, optionally behind htpasswd Basic auth or a Bearer token server (<see cref="TokenServer"/>). Images are
/// pushed with the distribution API's monolithic upload. Stopped by process id on dispose.
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    public const string Binary = "/usr/bin/docker-registry";

    private readonly Process _process;
    private readonly HttpClient _http;
    private readonly string? _basicAuth;

    private readonly StringBuilder _log;

    private LocalRegistry(Process process, int port, string caFile, HttpClient http, string? basicAuth, StringBuilder log)
    {
        _process = process;
        _log = log;
        Port = port;
        CaFile = caFile;
        _http = http;
        _basicAuth = basicAuth;
    }

    public int Port { get; }

    /// <summary>The registry's host as image references name it (<c>127.0.0.1:PORT</c>).</summary>
    public string Host => $"127.0.0.1:{Port}";

    /// <summary>The PEM file of the CA that signed the registry's certificate.</summary>
    public string CaFile { get; }

    public static bool Available => File.Exists(Binary);

    /// <summary>Starts a registry in <paramref name="folder"/>. With <paramref name="user"/>, every request needs
    /// Basic auth (htpasswd, bcrypt through Debian's <c>htpasswd</c>); with <paramref name="tokens"/>, Bearer tokens
    /// from that server.</summary>
    public static async Task<LocalRegistry> StartAsync(string folder, (string User, string Password)? user = null, TokenServer? tokens = null, bool accessLog = false)
    {
        Directory.CreateDirectory(folder);
        var certificates = EtcdTestCertificates.Create(Path.Combine(folder, "pki"));
        var port = FreePorts.Take(1)[0];
        var auth = "";
        if (user is { } u)
        {
            var htpasswd = Path.Combine(folder, "htpasswd");
            var (code, output) = await RunAsync("htpasswd", "-Bbn", u.User, u.Password);
            if (code != 0)
            {
                throw new InvalidOperationException("htpasswd failed: " + output);
            }

            await File.WriteAllTextAsync(htpasswd, output.Trim() + "\n");
            auth = $"auth:\n  htpasswd:\n    realm: everynode-test\n    path: {htpasswd}\n";
        }
        else if (tokens is not null)
        {
            auth = $"auth:\n  token:\n    realm: {tokens.Realm}\n    service: {TokenServer.Service}\n    issuer: {TokenServer.Issuer}\n    rootcertbundle: {tokens.CertificateFile}\n";
        }

        var config = Path.Combine(folder, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: {(accessLog ? "false" : "true")}
            storage:
              filesystem:
                rootdirectory: {Path.Combine(folder, "data")}
              delete:
                enabled: true
            http:
              addr: 127.0.0.1:{port}
              tls:
                certificate: {certificates.ServerCertFile}
                key: {certificates.ServerKeyFile}
            {auth}
            """);
        var start = new ProcessStartInfo(Binary, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("docker-registry did not start");
        var log = new StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(certificates.CaFile);
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = TrustedRoots.Validator(authorities);
        var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var basic = user is { } b ? Convert.ToBase64String(Encoding.UTF8.GetBytes($"{b.User}:{b.Password}")) : null;
        var registry = new LocalRegistry(process, port, certificates.CaFile, http, basic, log) { Tokens = tokens };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                using var probe = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/v2/"));
                return registry;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (HttpRequestException e)
            {
                await registry.DisposeAsync();
                string text;
                lock (log)
                {
                    text = log.ToString();
                }

                throw new InvalidOperationException("docker-registry did not come up: " + text, e);
            }
        }
    }

    private TokenServer? Tokens { get; init; }

    /// <summary>How many requests (GET or HEAD, any status) the access log shows for paths containing
    /// <paramref name="fragment"/>; needs <c>accessLog</c>.</summary>
    public int Requests(string method, string fragment)
    {
        lock (_log)
        {
            return _log.ToString().Split('\n').Count(l => l.Contains($"\"{method} /v2/", StringComparison.Ordinal) && l.Contains(fragment, StringComparison.Ordinal));
        }
    }

    /// <summary>Uploads a blob (monolithic: POST an upload, PUT it with its digest); returns its digest.</summary>
    public async Task<string> PushBlobAsync(string repository, byte[] content)
    {
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));
        using var start = await SendAsync(repository, () => new HttpRequestMessage(HttpMethod.Post, Url($"/v2/{repository}/blobs/uploads/")), "push,pull");
        await EnsureAsync(start, "start upload");
        var location = start.Headers.Location ?? throw new InvalidOperationException("no upload location");
        var target = location.IsAbsoluteUri ? location : new Uri(Url("/"), location);
        var separator = target.Query.Length > 0 ? "&" : "?";
        using var put = await SendAsync(repository, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, new Uri(target + separator + "digest=" + Uri.EscapeDataString(digest)))
            {
                Content = new ByteArrayContent(content),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return request;
        }, "push,pull");
        await EnsureAsync(put, "upload blob");
        return digest;
    }

    /// <summary>Puts a manifest or index under a tag (or digest); returns its digest.</summary>
    public async Task<string> PushManifestAsync(string repository, string reference, byte[] manifest, string mediaType)
    {
        using var put = await SendAsync(repository, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, Url($"/v2/{repository}/manifests/{reference}")) { Content = new ByteArrayContent(manifest) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
            return request;
        }, "push,pull");
        await EnsureAsync(put, "put manifest");
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        _http.Dispose();
    }

    private Uri Url(string path) => new($"https://127.0.0.1:{Port}{path}");

    private async Task<HttpResponseMessage> SendAsync(string repository, Func<HttpRequestMessage> build, string actions)
    {
        var request = build();
        if (_basicAuth is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", _basicAuth);
        }
        else if (Tokens is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Tokens.Issue("pusher", repository, actions.Split(',')));
        }

        return await _http.SendAsync(request);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }
}
