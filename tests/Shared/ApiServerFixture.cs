using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using Everynode.ApiServer;
using k8s;
using k8s.Models;

namespace Everynode.Testing;

/// <summary>
/// One <see cref="InProcessApiServer"/> per test class, with the official C# client built from the kubeconfig the
/// server writes (as a user's program would build it: HTTP/2, the library's own User-Agent) and a raw HTTPS client
/// for wire-level checks. <c>ComponentClientFixture</c> is the same server with Everynode's own client.
/// </summary>
public class ApiServerFixture : IAsyncLifetime, IDisposable
{
    private InProcessApiServer? _server;
    private Kubernetes? _client;
    private HttpClient? _http;
    private int _namespaceCounter;

    public ApiServerHost Host => _server?.Host ?? throw new InvalidOperationException("the server is not started");

    /// <summary>The server's temp folder, removed with it; a fixture may keep files of its own there.</summary>
    internal TempDirectory Root => _server?.Root ?? throw new InvalidOperationException("the server is not started");

    public Kubernetes Client => _client ?? throw new InvalidOperationException("the server is not started");

    /// <summary>An HTTPS client that trusts the cluster CA and sends no credentials.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("the server is not started");

    /// <summary>Bookmarks come after one second of quiet so that the bookmark tests are quick.</summary>
    protected virtual TimeSpan WatchBookmarkInterval => TimeSpan.FromSeconds(1);

    /// <summary>Starts the server's temp folder name.</summary>
    protected virtual string FolderPrefix => "everynode-api-tests-";

    public virtual async Task InitializeAsync()
    {
        _server = await InProcessApiServer.StartAsync(FolderPrefix, WatchBookmarkInterval);
        _client = CreateClient(_server.Host);
        _http = CreateHttpClient(_server.Host);
    }

    public virtual async Task DisposeAsync()
    {
        Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Disposes the clients; xunit calls it after <see cref="DisposeAsync"/> (so it may run twice).</summary>
    public void Dispose()
    {
        _client?.Dispose();
        _http?.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>Creates a namespace with a name no other test uses.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaceCounter)}-{Guid.NewGuid().ToString("N")[..6]}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    /// <summary>A raw request with the admin token.</summary>
    public HttpRequestMessage AuthorizedRequest(HttpMethod method, string path, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, Host.Url + path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Host.AdminToken);
        return request;
    }

    /// <summary>The client <see cref="Client"/> returns; called once the server is up.</summary>
    protected virtual Kubernetes CreateClient(ApiServerHost host) =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(host.KubeconfigPath));

    private static HttpClient CreateHttpClient(ApiServerHost host)
    {
        var ca = X509Certificate2.CreateFromPem(host.CaPem);
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, cert, _, _) =>
            {
                if (cert is null)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(cert);
            },
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
    }
}
