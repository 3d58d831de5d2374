using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Everynode.Api.Resources;
using Everynode.ApiServer.Http;
using Everynode.ApiServer.Registry;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Everynode.ApiServer.Endpoints;

/// <summary>
/// <c>GET pods/NAME/log</c>. The API server checks the request as upstream does (which container, whether the pod
/// has a node), then proxies it, as upstream proxies to the kubelet, to the node agent on the pod's node:
/// <c>https://INTERNAL-IP:PORT/containerLogs/NS/POD/CONTAINER</c> with the log options (follow streams). The agent's
/// address is the Node's InternalIP and <c>status.daemonEndpoints.kubeletEndpoint.port</c>; the API server presents
/// the serving token issued with the node's credential (kube-system/node-credential-NODE), or its admin token for
/// agents started with the admin token, and (as upstream by default) does not verify the agent's
/// self-signed certificate. A node without an agent, or an agent that cannot be reached, is a 503 Status naming it.
/// </summary>
internal sealed class PodLogs(Func<string, CancellationToken, ValueTask<string>> agentToken)
{
    private static readonly string[] ForwardedOptions = ["follow", "previous", "timestamps", "tailLines", "sinceSeconds", "sinceTime", "limitBytes"];

    private static readonly HttpClient Agents = new(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(5),
#pragma warning disable CA5359 // Upstream's API server does not verify kubelet serving certificates unless told a CA; agents' are self-signed.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
#pragma warning restore CA5359
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task HandleAsync(HttpContext ctx, GenericRegistry registry, ResourceInfo r, string ns, string name, CancellationToken ct)
    {
        var pod = (V1Pod)await registry.GetAsync(r, ns, name, ct);
        var requested = ctx.Request.Query["container"].ToString();
        var containers = (pod.Spec?.Containers ?? []).Select(c => c.Name)
            .Concat((pod.Spec?.InitContainers ?? []).Select(c => c.Name)).ToList();
        string container;
        if (requested.Length > 0)
        {
            container = containers.Contains(requested)
                ? requested
                : throw ApiException.BadRequest($"container {requested} is not valid for pod {name}");
        }
        else if (pod.Spec?.Containers is { Count: 1 } only)
        {
            container = only[0].Name;
        }
        else
        {
            throw ApiException.BadRequest(
                $"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", pod.Spec?.Containers?.Select(c => c.Name) ?? [])}]");
        }

        ValidateOptions(ctx.Request.Query);
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            throw ApiException.BadRequest($"pod {name} does not have a host assigned");
        }

        var nodeName = pod.Spec.NodeName;
        var agent = await AgentAddressAsync(registry, nodeName, ct) ?? throw new ApiException(503, "ServiceUnavailable",
            $"cannot get the logs of container \"{container}\" in pod \"{name}\": no node agent serves logs on node \"{nodeName}\"");
        var query = string.Join('&', ForwardedOptions
            .Where(o => ctx.Request.Query.ContainsKey(o))
            .Select(o => $"{o}={Uri.EscapeDataString(ctx.Request.Query[o].ToString())}"));
        var url = $"https://{agent}/containerLogs/{Uri.EscapeDataString(ns)}/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(container)}"
            + (query.Length > 0 ? "?" + query : "");
        await ProxyAsync(ctx, url, nodeName, ct);
    }

    private async Task ProxyAsync(HttpContext ctx, string url, string nodeName, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await agentToken(nodeName, ct));
        HttpResponseMessage response;
        try
        {
            response = await Agents.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        }
        catch (HttpRequestException e)
        {
            throw new ApiException(503, "ServiceUnavailable", $"Get \"{url}\": {DialError(e, new Uri(url).Authority)}");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                throw new ApiException(503, "ServiceUnavailable", $"the node agent on node \"{nodeName}\" refused the API server's credentials (it was started with another token)");
            }

            if (!response.IsSuccessStatusCode)
            {
                var message = (await response.Content.ReadAsStringAsync(ct)).Trim();
                var code = (int)response.StatusCode;
                throw new ApiException(code, ReasonFor(code), message);
            }

            ctx.Response.StatusCode = 200;
            ctx.Response.ContentType = "text/plain";
            await ctx.Response.StartAsync(ct);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            var buffer = new byte[16 * 1024];
            try
            {
                int read;
                while ((read = await body.ReadAsync(buffer, ct)) > 0)
                {
                    await ctx.Response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                    await ctx.Response.Body.FlushAsync(ct); // Followed logs reach the client line by line.
                }
            }
            catch (IOException)
            {
                // The agent went away mid-stream: the client sees the stream end, as with upstream.
            }
        }
    }

    /// <summary>INTERNAL-IP:PORT of the node's agent, or null when the Node is missing or advertises no endpoint.</summary>
    private static async Task<string?> AgentAddressAsync(GenericRegistry registry, string nodeName, CancellationToken ct)
    {
        if (registry.Resources.Find("", "v1", "nodes") is not { } nodes)
        {
            return null;
        }

        V1Node node;
        try
        {
            node = (V1Node)await registry.GetAsync(nodes, null, nodeName, ct);
        }
        catch (ApiException e) when (e.Code == 404)
        {
            return null;
        }

        var address = node.Status?.Addresses?.FirstOrDefault(a => a.Type == "InternalIP")?.Address
            ?? node.Status?.Addresses?.FirstOrDefault(a => a.Type == "ExternalIP")?.Address;
        var port = node.Status?.DaemonEndpoints?.KubeletEndpoint?.Port ?? 0;
        if (address is null || port <= 0 || !IPAddress.TryParse(address, out var ip))
        {
            return null;
        }

        var host = ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString();
        return $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>upstream's PodLogOptions validation (the subset a client can get wrong).</summary>
    private static void ValidateOptions(IQueryCollection query)
    {
        if (query.ContainsKey("sinceSeconds") && query.ContainsKey("sinceTime"))
        {
            throw ApiException.BadRequest("at most one of `sinceTime` or `sinceSeconds` may be specified");
        }

        Positive("tailLines", allowZero: true);
        Positive("limitBytes", allowZero: false);
        Positive("sinceSeconds", allowZero: false);

        void Positive(string option, bool allowZero)
        {
            var text = query[option].ToString();
            if (text.Length == 0)
            {
                return;
            }

            if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                throw ApiException.BadRequest($"{option}: Invalid value: \"{text}\": must be an integer");
            }

            if (value < 0 || (!allowZero && value == 0))
            {
                throw ApiException.BadRequest(allowZero
                    ? $"{option}: Invalid value: {value}: must be greater than or equal to 0"
                    : $"{option}: Invalid value: {value}: must be greater than 0");
            }
        }
    }

    private static string DialError(HttpRequestException e, string address) => (e.InnerException as SocketException)?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => $"dial tcp {address}: connect: connection refused",
        SocketError.TimedOut => $"dial tcp {address}: i/o timeout",
        SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"dial tcp {address}: connect: no route to host",
        _ => e.Message,
    };

    private static string ReasonFor(int code) => code switch
    {
        400 => "BadRequest",
        403 => "Forbidden",
        404 => "NotFound",
        _ => "InternalError",
    };
}
