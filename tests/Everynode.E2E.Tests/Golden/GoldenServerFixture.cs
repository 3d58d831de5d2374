using System.Collections.Concurrent;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Golden;

/// <summary>
/// One <c>everynode server</c> with every controller on, shared by all golden scripts, and a fake kubelet for the
/// nodes the scripts register. A script runs with all installed clients at once (each in names of its own); the
/// first test of a script starts the run and the tests for the other clients read their results.
/// </summary>
public sealed class GoldenServerFixture : EverynodeServerFixture
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IReadOnlyDictionary<int, IReadOnlyList<string>>>>> _runs = new(StringComparer.Ordinal);
    private FakeKubelet? _kubelet;

    /// <summary>Where the golden scripts are copied beside the test assembly.</summary>
    public static string TestDataDirectory => Path.Combine(AppContext.BaseDirectory, "Golden", "testdata");

    // DaemonSets get their pods, deletions their garbage collection, as on a real cluster.
    protected override IReadOnlyList<string> ExtraArgs => ["--controllers", "*"];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _kubelet = FakeKubelet.Start(Server.CreateClient());
    }

    public override async Task DisposeAsync()
    {
        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    /// <summary>The differences client 1.<paramref name="minor"/> showed with script <paramref name="name"/>.</summary>
    internal async Task<IReadOnlyList<string>> DifferencesAsync(string name, int minor)
    {
        var results = await _runs.GetOrAdd(name, n => new Lazy<Task<IReadOnlyDictionary<int, IReadOnlyList<string>>>>(() => RunWithEveryClientAsync(n))).Value;
        return results[minor];
    }

    private async Task<IReadOnlyDictionary<int, IReadOnlyList<string>>> RunWithEveryClientAsync(string name)
    {
        var server = Server;
        var script = GoldenScript.Load(Path.Combine(TestDataDirectory, name + ".txt"));
        var installed = KubectlClients.Minors.Where(m => KubectlClients.PathOf(m) is not null).ToList();
        var runs = installed.Select(async minor =>
        {
            var kubectl = server.Kubectl.WithClient(KubectlClients.PathOf(minor)!, Path.Combine(Folder.Path, $"cache-1.{minor}"));
            var run = new GoldenRun(script, minor, kubectl, _kubelet!, Path.Combine(Folder.Path, "scripts", $"{name}-1.{minor}"));
            return (minor, differences: await run.RunAsync(CancellationToken.None));
        });
        return (await Task.WhenAll(runs)).ToDictionary(r => r.minor, r => r.differences);
    }
}
