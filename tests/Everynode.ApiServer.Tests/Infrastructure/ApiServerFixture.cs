using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests.Infrastructure;

/// <summary>
/// One in-process API server (in-memory datastore) per test class, with an official C# client built from the
/// kubeconfig the server writes and a raw HTTPS client for wire-level checks.
/// </summary>
public class ApiServerFixture : IAsyncLifetime, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "everynode-api-tests-" + Guid.NewGuid().ToString("N")[..12]);
    private ApiServerHost? _host;
    private Kubernetes? _client;
    private HttpClient? _http;
    private int _namespaceCounter;

    public ApiServerHost Host => _host ?? throw new InvalidOperationException("the server is not started");

    public Kubernetes Client => _client ?? throw new InvalidOperationException("the server is not started");

    /// <summary>An HTTPS client that trusts the cluster CA and sends no credentials.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("the server is not started");

    /// <summary>Bookmarks come after one second of quiet so that the bookmark tests are quick.</summary>
    protected virtual TimeSpan WatchBookmarkInterval => TimeSpan.FromSeconds(1);

    public async Task InitializeAsync()
    {
        _host = await ApiServerHost.StartAsync(new ApiServerOptions
        {
            DataDirectory = _dataDirectory,
            Port = 0,
            BindAddress = IPAddress.Loopback,
            Datastore = "memory://",
            WatchBookmarkInterval = WatchBookmarkInterval,
        }, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance, CancellationToken.None);
        _client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(_host.KubeconfigPath));
        _http = CreateHttpClient(_host);
    }

    public async Task DisposeAsync()
    {
        Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
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
