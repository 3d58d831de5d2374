using System.Collections.Concurrent;
using Everynode.E2E.Tests.Harness;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Xunit.Abstractions;

namespace Everynode.E2E.Tests.Durability;

/// <summary>A SIGKILL'd server on the SQLite store keeps every write it acknowledged.</summary>
public sealed class CrashDurabilityTests(ITestOutputHelper output)
{
    private const string Namespace = "durable";
    private const int Writers = 8;
    private const int AcknowledgedBeforeKill = 150;
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SigkillDuringConcurrentCreates_KeepsEveryAcknowledgedPod_AndResourceVersionsKeepIncreasing()
    {
        var directory = new TempDirectory("everynode-e2e-");
        try
        {
            var data = Path.Combine(directory.Path, "data");
            // The datastore alone is under test: no scheduler marks the (unschedulable) pods meanwhile.
            var options = new EverynodeServerOptions
            {
                DataDirectory = data,
                Datastore = $"sqlite://{Path.Combine(data, "state.db")}",
                ExtraArgs = ["--controllers", "-*"],
            };
            var acknowledged = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

            await using (var server = await EverynodeServer.StartAsync(options))
            {
                using var client = server.CreateClient();
                await client.CreateNamespaceAsync(new V1Namespace { Metadata = new() { Name = Namespace } });
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var writers = Enumerable.Range(0, Writers)
                    .Select(w => Task.Run(() => CreateUntilFailureAsync(client, w, acknowledged, enough)))
                    .ToArray();

                await enough.Task.WaitAsync(WriteTimeout);
                await server.KillAsync();
                var failures = await Task.WhenAll(writers).WaitAsync(WriteTimeout);
                output.WriteLine($"{acknowledged.Count} creates acknowledged before the kill; the writers then failed with {string.Join(", ", failures.Select(f => f.GetType().Name).Distinct())}");
                Assert.All(failures, f => Assert.True(f is HttpRequestException or IOException or TaskCanceledException, $"unexpected failure: {f}"));
            }

            Assert.True(acknowledged.Count >= AcknowledgedBeforeKill);
            await using (var restarted = await EverynodeServer.StartAsync(options))
            {
                using var client = restarted.CreateClient();
                var pods = await client.ListNamespacedPodAsync(Namespace);
                var stored = pods.Items.ToDictionary(p => p.Metadata.Name, p => long.Parse(p.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal);

                output.WriteLine($"{stored.Count} pods after the restart ({stored.Count - acknowledged.Count} unacknowledged creates were kept)");
                var lost = acknowledged.Keys.Where(name => !stored.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
                Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged pods are gone after the crash: {string.Join(", ", lost.Take(20))}");
                Assert.All(acknowledged, a => Assert.Equal(a.Value, stored[a.Key]));

                var highest = stored.Values.Max();
                Assert.True(long.Parse(pods.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) >= highest);
                var after = await client.CreateNamespacedPodAsync(Pod("after-restart"), Namespace);
                Assert.True(
                    long.Parse(after.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture) > highest,
                    $"resourceVersion {after.Metadata.ResourceVersion} after the restart is not above {highest}");
            }
        }
        finally
        {
            directory.Delete();
        }
    }

    /// <summary>Creates pods one after another until a create fails (the server is gone); returns that failure.</summary>
    private static async Task<Exception> CreateUntilFailureAsync(Kubernetes client, int writer, ConcurrentDictionary<string, long> acknowledged, TaskCompletionSource enough)
    {
        for (var i = 0; ; i++)
        {
            var name = $"w{writer}-{i}";
            try
            {
                var created = await client.CreateNamespacedPodAsync(Pod(name), Namespace);
                acknowledged[name] = long.Parse(created.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
                if (acknowledged.Count >= AcknowledgedBeforeKill)
                {
                    enough.TrySetResult();
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or HttpOperationException)
            {
                enough.TrySetResult();
                return e;
            }
        }
    }

    private static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "durable" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
    };
}
