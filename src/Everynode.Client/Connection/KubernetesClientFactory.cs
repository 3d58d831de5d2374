using System.Security.Cryptography.X509Certificates;
using k8s;

namespace Everynode.Client.Connection;

/// <summary>
/// Builds official <see cref="Kubernetes"/> clients for Everynode's components: no client-side rate limit (the
/// C# client has none), HTTP/1.1 (<see cref="Http11Handler"/>), and a connection pool with no cap unless one is asked
/// for, so that concurrent requests and watches each get a connection rather than queueing behind one another.
/// </summary>
public static class KubernetesClientFactory
{
    /// <summary>A client from a kubeconfig file (its current context).</summary>
    public static Kubernetes FromKubeconfig(string kubeconfigPath, TimeSpan? requestTimeout = null, string? component = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(kubeconfigPath);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath);
        return Create(config, requestTimeout, component, int.MaxValue);
    }

    /// <summary>
    /// A client for <paramref name="server"/> that trusts the CA in <paramref name="caPem"/> and sends
    /// <paramref name="token"/> as a bearer token — how in-process controllers reach the API over loopback.
    /// </summary>
    public static Kubernetes FromToken(
        Uri server, string caPem, string token, TimeSpan? requestTimeout = null, string? component = null, int maxConnections = int.MaxValue) =>
        FromToken([server], caPem, token, requestTimeout, component, maxConnections);

    /// <summary>
    /// A client for several API servers of one cluster (HA, one CA): it uses the first that accepts connections and moves
    /// to the next when connecting fails. <paramref name="maxConnections"/> caps the connections (watches included;
    /// requests beyond it wait for a free one): the in-process control plane's bursts (a DaemonSet controller sync
    /// creating 500 pods at once) would otherwise open a TLS connection each on both ends of loopback, in one process
    /// that is already busy serving them.
    /// </summary>
    public static Kubernetes FromToken(
        IReadOnlyList<Uri> servers, string caPem, string token, TimeSpan? requestTimeout = null, string? component = null, int maxConnections = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConnections, 1);
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentOutOfRangeException.ThrowIfZero(servers.Count);
        var server = servers[0];
        ArgumentException.ThrowIfNullOrEmpty(caPem);
        ArgumentException.ThrowIfNullOrEmpty(token);
        var cas = new X509Certificate2Collection();
        cas.ImportFromPem(caPem);
        var config = new KubernetesClientConfiguration
        {
            Host = server.ToString(),
            SslCaCerts = cas,
            AccessToken = token,
        };
        return servers.Count == 1
            ? Create(config, requestTimeout, component, maxConnections)
            : Create(config, requestTimeout, component, maxConnections, new ServerFailoverHandler(servers));
    }

    /// <summary>
    /// The User-Agent a component sends, in upstream's shape (<c>kube-controller-manager/v1.32.4 (linux/amd64) …</c>):
    /// the API server names a writer's managedFields entry after the text before the first '/', so objects show
    /// <c>kube-controller-manager</c> or <c>kubelet</c> as on a real cluster rather than the client library's name.
    /// </summary>
    public static string UserAgent(string component) =>
        $"{component}/{ComponentVersion} ({GoPlatform.OperatingSystemName}/{GoPlatform.Architecture}) everynode";

    /// <summary>The Kubernetes version Everynode's components report (the API server's /version).</summary>
    public const string ComponentVersion = "v1.32.4";

    private static Kubernetes Create(
        KubernetesClientConfiguration config, TimeSpan? requestTimeout, string? component, int maxConnections, params DelegatingHandler[] handlers)
    {
        // Applies to each non-watch request; watches are not subject to it.
        config.HttpClientTimeout = requestTimeout ?? TimeSpan.FromSeconds(60);
        var previous = config.FirstMessageHandlerSetup;
        config.FirstMessageHandlerSetup = handler =>
        {
            previous?.Invoke(handler);
            if (handler is SocketsHttpHandler sockets)
            {
                sockets.MaxConnectionsPerServer = maxConnections;
                sockets.PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2);
            }
        };
        var client = new Kubernetes(config, [new Http11Handler(), .. handlers]);
        if (component is not null)
        {
            client.HttpClient.DefaultRequestHeaders.UserAgent.Clear();
            client.HttpClient.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent(component));
        }

        return client;
    }
}
