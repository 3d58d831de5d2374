using System.Net.Sockets;

namespace Everynode.Client.Connection;

/// <summary>
/// Spreads a client over several API servers (HA): requests go to one server until connecting to it fails, then to the
/// next. Only failures to connect are retried elsewhere — the request never reached a server, so resending it, even a
/// create, cannot apply it twice. Watches broken by a dying server end with an error; the informer re-lists and
/// re-watches, and that request goes to the next server.
/// </summary>
internal sealed class ServerFailoverHandler : DelegatingHandler
{
    private readonly IReadOnlyList<Uri> _servers;
    private int _current;

    public ServerFailoverHandler(IReadOnlyList<Uri> servers)
    {
        ArgumentOutOfRangeException.ThrowIfZero(servers.Count);
        _servers = servers;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var first = Volatile.Read(ref _current);
        for (var attempt = 0; ; attempt++)
        {
            var index = (first + attempt) % _servers.Count;
            request.RequestUri = OnServer(request.RequestUri!, _servers[index]);
            try
            {
                var response = await base.SendAsync(request, cancellationToken);
                Volatile.Write(ref _current, index);
                return response;
            }
            catch (HttpRequestException e) when (IsConnectFailure(e) && attempt + 1 < _servers.Count && !cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    private static bool IsConnectFailure(HttpRequestException e) =>
        e.HttpRequestError == HttpRequestError.ConnectionError || e.InnerException is SocketException;

    private static Uri OnServer(Uri requestUri, Uri server) =>
        new UriBuilder(requestUri) { Scheme = server.Scheme, Host = server.Host, Port = server.Port }.Uri;
}
