using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Everynode.Agent.Pods;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Everynode.Agent.Logs;

/// <summary>
/// The agent's HTTPS endpoint on NODE-IP:PORT (the kubelet's 10250): <c>GET /containerLogs/NS/POD/CONTAINER</c>
/// with the kubelet's query (follow, tailLines, timestamps, previous, sinceSeconds, sinceTime, limitBytes), and
/// <c>/healthz</c>. Callers present <c>Authorization: Bearer TOKEN</c> with the agent's serving token (the API server
/// sends its admin token). It binds the node IP only, so agents on 127.0.0.2, 127.0.0.3, … share the port. The
/// certificate is self-signed per start: as upstream's API server by default, callers do not verify it.
/// Errors are plain text with upstream's kubelet wording and status codes; the API server turns them into Status.
/// </summary>
internal sealed class ContainerLogServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PodWorkers _pods;
    private readonly AgentOptions _options;
    private readonly byte[] _token;

    private ContainerLogServer(WebApplication app, PodWorkers pods, AgentOptions options)
    {
        _app = app;
        _pods = pods;
        _options = options;
        _token = Encoding.UTF8.GetBytes("Bearer " + options.ServingToken);
    }

    public int Port { get; private set; }

    public static async Task<ContainerLogServer> StartAsync(AgentOptions options, PodWorkers pods, ILoggerFactory loggerFactory, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        var certificate = SelfSignedCertificate(options);
        builder.WebHost.ConfigureKestrel(k => k.Listen(options.NodeIP, options.Port, l => l.UseHttps(certificate)));
        var app = builder.Build();
        var server = new ContainerLogServer(app, pods, options);
        app.Run(server.HandleAsync);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InvalidOperationException($"cannot listen on {options.NodeIP}:{options.Port} for the node agent's endpoint: {e.Message}", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        if (path == "/healthz")
        {
            await PlainAsync(ctx, 200, "ok");
            return;
        }

        if (!Authorized(ctx.Request.Headers.Authorization.ToString()))
        {
            await PlainAsync(ctx, 401, "Unauthorized");
            return;
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4 || parts[0] != "containerLogs" || !HttpMethods.IsGet(ctx.Request.Method))
        {
            await PlainAsync(ctx, 404, "404 page not found");
            return;
        }

        var (ns, podName, containerName) = (Uri.UnescapeDataString(parts[1]), Uri.UnescapeDataString(parts[2]), Uri.UnescapeDataString(parts[3]));
        var (request, error) = LogRequest.Parse(ctx.Request.Query, _options.TimeProvider.GetUtcNow());
        if (request is null)
        {
            await PlainAsync(ctx, 400, error!);
            return;
        }

        if (_pods.Find(ns, podName) is not { } worker)
        {
            await PlainAsync(ctx, 404, $"pod \"{podName}\" in namespace \"{ns}\" not found on node \"{_options.NodeName}\"");
            return;
        }

        if (worker.FindContainer(containerName) is not { } container)
        {
            await PlainAsync(ctx, 400, $"container {containerName} is not valid for pod {podName}");
            return;
        }

        var directory = ContainerLogPaths.ContainerDirectory(worker.PodDirectory, containerName);
        var attempt = container.RestartCount;
        if (request.Previous)
        {
            attempt--;
            var previous = ContainerLogPaths.RunFile(directory, attempt);
            if (attempt < 0 || !(File.Exists(previous) || File.Exists(ContainerLogPaths.RotatedFile(previous))))
            {
                await PlainAsync(ctx, 400, $"previous terminated container \"{containerName}\" in pod \"{podName}\" not found");
                return;
            }
        }
        else if (container.Running is null && container.LastRun is null)
        {
            await PlainAsync(ctx, 400, $"container \"{containerName}\" in pod \"{podName}\" is waiting to start: {container.WaitingReason ?? "ContainerCreating"}");
            return;
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "text/plain";
        var runFile = ContainerLogPaths.RunFile(directory, attempt);
        var current = !request.Previous;
        await ctx.Response.StartAsync(ctx.RequestAborted);
        try
        {
            await ContainerLogReader.WriteAsync(runFile, request, ctx.Response.Body,
                () => current && container.Running is not null && container.RestartCount == attempt, _options.TimeProvider, ctx.RequestAborted);
        }
        catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
        {
        }
    }

    private bool Authorized(string header)
    {
        var presented = Encoding.UTF8.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(presented, _token);
    }

    private static async Task PlainAsync(HttpContext ctx, int code, string message)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "text/plain; charset=utf-8";
        await ctx.Response.WriteAsync(message, ctx.RequestAborted);
    }

    private static X509Certificate2 SelfSignedCertificate(AgentOptions options)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={options.NodeName}@everynode-agent", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(options.NodeIP);
        san.AddDnsName(options.NodeName);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = options.TimeProvider.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
