using System.Net;
using Everynode.ApiServer;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Testing;

/// <summary>
/// An API server hosted in the test process: <see cref="ApiServerHost"/> on a free loopback port with the in-memory
/// datastore, its data folder inside a temp folder that <see cref="DisposeAsync"/> removes. It makes no client: each
/// caller builds the one it tests with (the official client from the kubeconfig, or Everynode's own client factory).
/// </summary>
internal sealed class InProcessApiServer : IAsyncDisposable
{
    private InProcessApiServer(TempDirectory root, ApiServerHost host)
    {
        Root = root;
        Host = host;
    }

    /// <summary>The temp folder; the server's data folder is <c>server/</c> inside it, the rest is the caller's.</summary>
    public TempDirectory Root { get; }

    public ApiServerHost Host { get; }

    /// <param name="folderPrefix">Starts the temp folder's name (see <see cref="TempDirectory"/>).</param>
    /// <param name="watchBookmarkInterval">Quiet time before a watch bookmark; null keeps the server's default.</param>
    public static async Task<InProcessApiServer> StartAsync(string folderPrefix, TimeSpan? watchBookmarkInterval = null)
    {
        var root = new TempDirectory(folderPrefix);
        try
        {
            var options = new ApiServerOptions
            {
                DataDirectory = root.Combine("server"),
                Port = 0,
                BindAddress = IPAddress.Loopback,
                Datastore = "memory://",
            };
            if (watchBookmarkInterval is { } interval)
            {
                options = options with { WatchBookmarkInterval = interval };
            }

            return new InProcessApiServer(root, await ApiServerHost.StartAsync(options, NullLoggerFactory.Instance, CancellationToken.None));
        }
        catch
        {
            root.Delete();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        Root.Delete();
    }
}
