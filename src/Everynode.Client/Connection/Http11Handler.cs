using System.Net;

namespace Everynode.Client.Connection;

/// <summary>
/// Sends every request of Everynode's own clients (controllers, scheduler, agents, simulator) as HTTP/1.1, each
/// concurrent request on a pooled connection of its own. Measured with <c>everynode bench --timeline</c>: over
/// HTTP/2, .NET's client multiplexing 64 concurrent writes on one connection held requests for seconds that the
/// server answered in milliseconds (1,000 nodes: DaemonSet coverage 15 s, rolling update 22 s; over HTTP/1.1:
/// 7 s and 8 s). The server still speaks HTTP/2 to clients that ask for it, such as kubectl.
/// </summary>
internal sealed class Http11Handler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Version = HttpVersion.Version11;
        request.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        return base.SendAsync(request, cancellationToken);
    }
}
