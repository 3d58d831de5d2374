namespace Everynode.E2E.Tests.Harness;

/// <summary>One in-memory server shared by the kubectl tests; each test works in a namespace of its own.</summary>
public sealed class SharedServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("everynode-e2e-");
    private EverynodeServer? _server;
    private int _namespaces;

    internal EverynodeServer Server => _server ?? throw new InvalidOperationException("the server has not started");

    internal Kubectl Kubectl => Server.Kubectl;

    public async Task InitializeAsync()
    {
        _server = await EverynodeServer.StartAsync(new EverynodeServerOptions
        {
            DataDirectory = Path.Combine(_directory.Path, "data"),
            Datastore = "memory://",

            // These tests check what kubectl prints of the objects they write; controllers acting on them would
            // change the output. Placement tests run a server of their own with every component on.
            ExtraArgs = ["--controllers", "-*"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _directory.Delete();
    }

    /// <summary>Creates a namespace named after the test with <c>kubectl apply</c> and returns its name.</summary>
    internal async Task<string> CreateNamespaceAsync(string prefix)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces)}";
        (await Kubectl.ApplyAsync(Manifests.Namespace(name))).EnsureSuccess();
        return name;
    }
}
