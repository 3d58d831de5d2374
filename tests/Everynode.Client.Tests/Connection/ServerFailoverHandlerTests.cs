using System.Net;
using Everynode.Client.Connection;

namespace Everynode.Client.Tests.Connection;

public sealed class ServerFailoverHandlerTests
{
    [Fact]
    public async Task Send_FirstServerRefusesConnections_GoesToTheNextAndStaysThere()
    {
        var ports = FreePorts.Take(2);
        var dead = new Uri($"http://127.0.0.1:{ports[0]}/");
        using var live = new HttpListener();
        var livePort = ports[1];
        live.Prefixes.Add($"http://127.0.0.1:{livePort}/");
        live.Start();
        var paths = new List<string>();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var context = await live.GetContextAsync();
                paths.Add(context.Request.Url!.PathAndQuery);
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        });
        using var handler = new ServerFailoverHandler([dead, new Uri($"http://127.0.0.1:{livePort}/")]) { InnerHandler = new SocketsHttpHandler() };
        using var client = new HttpClient(handler);

        using var first = await client.GetAsync(new Uri(dead, "/api/v1/nodes?limit=1"));
        using var second = await client.GetAsync(new Uri(dead, "/api/v1/pods"));
        await serving.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(["/api/v1/nodes?limit=1", "/api/v1/pods"], paths);
        Assert.Equal(livePort, second.RequestMessage!.RequestUri!.Port);
    }

    [Fact]
    public async Task Send_EveryServerDown_FailsWithTheConnectError()
    {
        using var handler = new ServerFailoverHandler([.. FreePorts.Take(2).Select(p => new Uri($"http://127.0.0.1:{p}/"))]) { InnerHandler = new SocketsHttpHandler() };
        using var client = new HttpClient(handler);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("http://127.0.0.1:1/api")));
        Assert.Equal(HttpRequestError.ConnectionError, error.HttpRequestError);
    }
}
