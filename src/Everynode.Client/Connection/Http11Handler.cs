using System.Net;

namespace Everynode.Client.Connection;

/// <summary>
/// Sends every request of Everynode's own clients (controllers, scheduler, agents, simulator) as HTTP/1.1, each
/// concurrent request on a pooled connection of its own, because .NET's HTTP/2 client queues concurrent requests
/// on one connection behind each other, so a burst of writes waits on the client although the server has answered
/// (figures: bench/README.md). The server still speaks HTTP/2 to clients that ask for it, such as kubectl.
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
