using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Everynode.Agent.Runtime;
using k8s.Models;

namespace Everynode.Agent.Pods.Probes;

/// <summary>
/// Runs one probe the way upstream's prober does: exec through the runtime (exit 0 is success), httpGet against the
/// pod IP (2xx and 3xx are success; HTTPS is not verified), tcpSocket (a connection is success); each bounded by
/// timeoutSeconds.
/// </summary>
internal sealed class ProbeRunner : IProbeRunner
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
#pragma warning disable CA5359 // Upstream's HTTPS probes do not verify the container's certificate either.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
        PooledConnectionLifetime = TimeSpan.FromSeconds(30),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProbeOutcome> RunAsync(V1Probe probe, V1Container container, IRunningContainer running, string podIP, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.TimeoutSeconds ?? 1));
        if (probe.Exec is { Command: { Count: > 0 } command })
        {
            var result = await running.ExecAsync([.. command], timeout, ct);
            if (result.TimedOut)
            {
                return ProbeOutcome.Failed($"command \"{string.Join(' ', command)}\" timed out");
            }

            return result.ExitCode == 0 ? ProbeOutcome.Ok : ProbeOutcome.Failed(result.Output.TrimEnd());
        }

        if (probe.HttpGet is { } httpGet)
        {
            return await HttpGetAsync(httpGet, container, podIP, timeout, ct);
        }

        if (probe.TcpSocket is { } tcp)
        {
            return await TcpAsync(tcp, container, podIP, timeout, ct);
        }

        // gRPC probes need a gRPC health client; a probe the agent cannot run never fails the container.
        return ProbeOutcome.Ok;
    }

    /// <summary>A numeric port, or a named port looked up in the container's ports.</summary>
    public static int? ResolvePort(IntOrString? port, V1Container container)
    {
        var text = port?.Value;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return container.Ports?.FirstOrDefault(p => p.Name == text)?.ContainerPort;
    }

    private static async Task<ProbeOutcome> HttpGetAsync(V1HTTPGetAction action, V1Container container, string podIP, TimeSpan timeout, CancellationToken ct)
    {
        if (ResolvePort(action.Port, container) is not { } port)
        {
            return ProbeOutcome.Failed($"unable to find port \"{action.Port?.Value}\" in the container's ports");
        }

        var scheme = string.Equals(action.Scheme, "HTTPS", StringComparison.OrdinalIgnoreCase) ? "https" : "http";
        var host = string.IsNullOrEmpty(action.Host) ? podIP : action.Host;
        var path = string.IsNullOrEmpty(action.Path) ? "/" : action.Path.StartsWith('/') ? action.Path : "/" + action.Path;
        var hostPart = IPAddress.TryParse(host, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{host}]" : host;
        var url = $"{scheme}://{hostPart}:{port.ToString(CultureInfo.InvariantCulture)}{path}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", "kube-probe/1.32");
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        foreach (var header in action.HttpHeaders ?? [])
        {
            request.Headers.Remove(header.Name);
            request.Headers.TryAddWithoutValidation(header.Name, header.Value);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        try
        {
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? ProbeOutcome.Ok : ProbeOutcome.Failed($"HTTP probe failed with statuscode: {code}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeOutcome.Failed($"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return ProbeOutcome.Failed($"Get \"{url}\": {DialError(e.InnerException as SocketException, $"{hostPart}:{port}") ?? e.Message}");
        }
    }

    private static async Task<ProbeOutcome> TcpAsync(V1TCPSocketAction action, V1Container container, string podIP, TimeSpan timeout, CancellationToken ct)
    {
        if (ResolvePort(action.Port, container) is not { } port)
        {
            return ProbeOutcome.Failed($"unable to find port \"{action.Port?.Value}\" in the container's ports");
        }

        var host = string.IsNullOrEmpty(action.Host) ? podIP : action.Host;
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, cts.Token);
            return ProbeOutcome.Ok;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return ProbeOutcome.Failed($"dial tcp {host}:{port}: i/o timeout");
        }
        catch (SocketException e)
        {
            return ProbeOutcome.Failed(DialError(e, $"{host}:{port}")!);
        }
    }

    private static string? DialError(SocketException? e, string address) => e?.SocketErrorCode switch
    {
        null => null,
        SocketError.ConnectionRefused => $"dial tcp {address}: connect: connection refused",
        SocketError.TimedOut => $"dial tcp {address}: i/o timeout",
        _ => $"dial tcp {address}: {e.Message}",
    };
}
