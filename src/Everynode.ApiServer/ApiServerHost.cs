using System.Net;
using Everynode.Api.Resources;
using Everynode.ApiServer.Admission;
using Everynode.ApiServer.Auth;
using Everynode.ApiServer.Endpoints;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Namespaces;
using Everynode.ApiServer.OpenApi;
using Everynode.ApiServer.Pipeline;
using Everynode.ApiServer.Pki;
using Everynode.ApiServer.Registry;
using Everynode.ApiServer.WatchCache;
using Everynode.Storage;
using Everynode.Storage.Etcd;
using Everynode.Storage.InMemory;
using Everynode.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Everynode.ApiServer;

/// <summary>
/// A running API server: the datastore, the HTTPS endpoint on Kestrel, the admin credentials and the kubeconfig.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IStore _store;
    private readonly GenericRegistry _registry;
    private readonly AdminCredentials _admin;
    private readonly Authenticator _authenticator;
    private readonly RbacCache _rbac;
    private readonly Audit.AuditLog? _audit;
    private readonly ILogger _logger;
    private NamespaceFinalizer? _namespaceFinalizer;
    private readonly WatchCacheSet _watchCache;
    private volatile bool _ready;

    private ApiServerHost(
        WebApplication app, IStore store, GenericRegistry registry, AdminCredentials admin, ClusterCertificates certs, ApiServerOptions options,
        TokenAuthFile tokenFile, RbacCache rbac, WatchCacheSet watchCache)
    {
        _watchCache = watchCache;
        _app = app;
        _store = store;
        _registry = registry;
        _admin = admin;
        _rbac = rbac;
        _authenticator = new Authenticator(admin, tokenFile, watchCache, registry.Resources, options.TimeProvider);
        _audit = options.AuditLogPath is { } auditPath ? Audit.AuditLog.Open(auditPath, options.TimeProvider) : null;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Everynode.ApiServer");
        CaPem = certs.CaPem;
        Options = options;
    }

    /// <summary>The stages every request passes through, over the components they call.</summary>
    private RequestPipeline ComposePipeline()
    {
        var authorizer = new RequestAuthorizer(_rbac);
        return new RequestPipeline(
            new RequestPipelineParts
            {
                Authenticator = _authenticator,
                Authorizer = authorizer,
                Credentials = new NodeCredentialExchange(_registry),
                Registry = _registry,
                Discovery = new DiscoveryEndpoint(_registry.Resources),
                OpenApi = new OpenApiEndpoint(new OpenApiDocuments(_registry.Resources), Options.TimeProvider),
                Reviews = new AccessReviews(authorizer),
                Limits = new RequestLimits(Options.RequestTimeout, Options.MaxWatchesPerUser),
                Resources = new ResourceEndpoint(_registry, Options, new PodLogs(AgentTokenAsync)),
                Audit = _audit,
                Time = Options.TimeProvider,
                Ready = () => _ready,
                Stopping = _app.Lifetime.ApplicationStopping,
            },
            _logger);
    }

    public ApiServerOptions Options { get; }

    /// <summary>The port the server listens on (the real one when started with port 0).</summary>
    public int Port { get; private set; }

    /// <summary>The URL clients on this host use: https://127.0.0.1:PORT (or the bind address).</summary>
    public string Url { get; private set; } = "";

    public string AdminToken => _admin.Token;

    public string CaPem { get; }

    public string KubeconfigPath => Path.Combine(Options.DataDirectory, "kubeconfig.yaml");

    public IStore Store => _store;

    /// <summary>Starts the datastore and the HTTPS server, creates the default namespaces, writes the kubeconfig.</summary>
    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, ILoggerFactory? loggerFactory, CancellationToken ct)
    {
        options.Validate();
        Directory.CreateDirectory(options.DataDirectory);
        ClusterCertificates certs;
        AdminCredentials admin;
        using (await SharedFolderLock.AcquireAsync(options.PkiDirectory ?? options.DataDirectory, ct))
        {
            certs = ClusterCertificates.LoadOrCreate(options.DataDirectory, options.TimeProvider, options.PkiDirectory);
            admin = AdminCredentials.LoadOrCreate(options.PkiDirectory ?? options.DataDirectory);
        }

        var tokenFile = options.TokenAuthFile is { } tokenPath ? TokenAuthFile.Load(tokenPath) : TokenAuthFile.Empty;
        var store = await OpenStoreAsync(options, ct);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();
        if (loggerFactory is not null)
        {
            builder.Services.AddSingleton(loggerFactory);
        }
        else
        {
            builder.Services.AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information)
                .AddFilter("Microsoft", LogLevel.Warning));
        }

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MaxConcurrentConnections = null;
            k.Listen(options.BindAddress, options.Port, l =>
            {
                l.Protocols = HttpProtocols.Http1AndHttp2;
                l.UseHttps(https =>
                {
                    https.ServerCertificate = certs.Serving;
                    https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                });
            });
        });
        var app = builder.Build();
        var resources = ResourceRegistry.CreateDefault();
        var watchCache = new WatchCacheSet(
            store, resources, Math.Max(options.WatchCacheCapacity, 1), app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Everynode.ApiServer.WatchCache"),
            app.Lifetime.StopApplication);
        var namespaces = new NamespaceLifecycle(watchCache, resources);
        var rbac = new RbacCache(watchCache, resources);
        await watchCache.StartAsync(ct);
        var registry = new GenericRegistry(store, resources, namespaces, options.TimeProvider, options.WatchCacheCapacity > 0 ? watchCache : null);
        var host = new ApiServerHost(app, store, registry, admin, certs, options, tokenFile, rbac, watchCache);
        host._namespaceFinalizer = new NamespaceFinalizer(registry, namespaces, host._logger, app.Lifetime.StopApplication);
        host._namespaceFinalizer.Start();
        host.ComposePipeline().Configure(app);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Port = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        var clientHost = options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : options.BindAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.BindAddress}]" : options.BindAddress.ToString();
        host.Url = $"https://{clientHost}:{host.Port}";
        await host.BootstrapAsync(ct);
        Kubeconfig.Write(host.KubeconfigPath, Kubeconfig.Render(host.Url, certs.CaPem, admin.Token));
        host._ready = true;
        return host;
    }

    private static async Task<IStore> OpenStoreAsync(ApiServerOptions options, CancellationToken ct)
    {
        if (options.Datastore == "memory://")
        {
            return new InMemoryStore();
        }

        if (options.IsEtcd)
        {
            return await EtcdStore.OpenAsync(options.EtcdStoreOptionsFor(), ct);
        }

        var path = options.Datastore is { } ds ? ds["sqlite://".Length..] : Path.Combine(options.DataDirectory, "state.db");
        return await SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            Path = path,
            CompactionInterval = options.CompactionInterval,
            TimeProvider = options.TimeProvider,
        }, ct);
    }

    /// <summary>The namespaces every cluster has from the start.</summary>
    private async Task BootstrapAsync(CancellationToken ct)
    {
        var nsInfo = _registry.Resources.Find("", "v1", "namespaces")!;
        foreach (var name in (string[])["default", "kube-system", "kube-public", "kube-node-lease"])
        {
            try
            {
                await _registry.CreateAsync(nsInfo, null, new k8s.Models.V1Namespace { Metadata = new() { Name = name } }, dryRun: false, ct);
            }
            catch (ApiException e) when (e.Code == 409)
            {
            }
        }

        await RbacBootstrap.EnsureAsync(_registry, ct);
    }

    /// <summary>The token the API server presents to a node's agent: the one issued with the node's credential, else the admin token.</summary>
    private async ValueTask<string> AgentTokenAsync(string nodeName, CancellationToken ct)
    {
        var credential = await _authenticator.ReadSecretAsync(Everynode.Api.Authentication.NodeCredential.SecretName(nodeName), ct);
        return credential is not null && Everynode.Api.Authentication.BootstrapToken.Value(credential, "serving-token") is { Length: > 0 } serving
            ? serving
            : _admin.Token;
    }

    public async Task StopAsync(CancellationToken ct)
    {
        await _app.StopAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
            if (_namespaceFinalizer is not null)
            {
                await _namespaceFinalizer.DisposeAsync();
            }

            if (_audit is not null)
            {
                await _audit.DisposeAsync();
            }

            await _watchCache.DisposeAsync();

            await _store.DisposeAsync();
        }
    }
}
