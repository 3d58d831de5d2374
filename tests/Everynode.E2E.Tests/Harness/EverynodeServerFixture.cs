namespace Everynode.E2E.Tests.Harness;

/// <summary>
/// One <c>everynode server</c> (the real binary as a child process, in-memory datastore) shared by the tests of a
/// collection or class; its data folder, kubectl cache and any files a subclass writes sit in one temp folder that
/// <see cref="DisposeAsync"/> removes. Subclasses say which server flags they need and what runs beside the server.
/// </summary>
public abstract class EverynodeServerFixture : IAsyncLifetime
{
    private EverynodeServer? _server;

    /// <summary>The server's <c>--data-dir</c>.</summary>
    public string DataDirectory => Folder.Combine("data");

    internal EverynodeServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    internal Kubectl Kubectl => Server.Kubectl;

    /// <summary>The temp folder of this fixture.</summary>
    private protected TempDirectory Folder { get; } = new("everynode-e2e-");

    /// <summary>Flags for <c>everynode server</c> beyond the data folder, port and datastore.</summary>
    protected abstract IReadOnlyList<string> ExtraArgs { get; }

    public virtual async Task InitializeAsync()
    {
        _server = await EverynodeServer.StartAsync(new EverynodeServerOptions
        {
            DataDirectory = DataDirectory,
            Datastore = "memory://",
            ExtraArgs = ExtraArgs,
        });
    }

    public virtual async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Folder.Delete();
    }
}
