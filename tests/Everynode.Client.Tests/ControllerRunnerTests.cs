using System.Collections.Concurrent;
using Everynode.Client.Controllers;
using Everynode.Client.Informers;
using Everynode.Client.Queue;
using Everynode.Client.Tests.Infrastructure;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Client.Tests;

/// <summary>The controller runner: informer → queue → workers → SyncAsync.</summary>
public sealed class ControllerRunnerTests(ComponentClientFixture server) : IClassFixture<ComponentClientFixture>
{
    private Kubernetes Client => server.Client;

    /// <summary>Records synced keys; fails a key as many times as told first.</summary>
    private sealed class RecordingReconciler : IReconciler
    {
        public ConcurrentQueue<string> Synced { get; } = new();

        public ConcurrentDictionary<string, int> FailuresLeft { get; } = new();

        public Task SyncAsync(string key, CancellationToken cancellationToken)
        {
            if (FailuresLeft.TryGetValue(key, out var left) && left > 0)
            {
                FailuresLeft[key] = left - 1;
                throw new InvalidOperationException("not yet");
            }

            Synced.Enqueue(key);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Runner_ObjectsChange_SyncsTheOwnerKeysTheHandlersMapThemTo()
    {
        var ns = await server.CreateNamespaceAsync();
        var reconciler = new RecordingReconciler();
        using var runner = new ControllerRunner(new ControllerRunnerOptions { Name = "test-controller" }, reconciler, NullLogger.Instance);
        var pods = InformerFactory.Pods(Client, NullLoggerFactory.Instance, new ResourceScope { Namespace = ns });
        runner.Watch(pods, pod => pod.Metadata.OwnerReferences?.Where(o => o.Controller == true).Select(o => CacheKeys.For(ns, o.Name)) ?? []);

        using var stop = new CancellationTokenSource();
        var informer = pods.RunAsync(stop.Token);
        var run = runner.RunAsync(stop.Token);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p1", controller: Objects.ControllerRef("u1", "ds-a")), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p2"), ns);

        await Eventually.TrueAsync(() => reconciler.Synced.Contains($"{ns}/ds-a"), "the DaemonSet key");
        Assert.All(reconciler.Synced, key => Assert.Equal($"{ns}/ds-a", key));
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
        await informer.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Runner_SyncFails_RetriesWithBackoffUntilItSucceedsThenForgets()
    {
        var reconciler = new RecordingReconciler();
        reconciler.FailuresLeft["ns/a"] = 3;
        using var runner = new ControllerRunner(
            new ControllerRunnerOptions { Name = "test-controller", Queue = new WorkQueueOptions { BaseDelay = TimeSpan.FromMilliseconds(1) } },
            reconciler, NullLogger.Instance);
        using var stop = new CancellationTokenSource();
        var run = runner.RunAsync(stop.Token);

        runner.Queue.Add("ns/a");
        await Eventually.TrueAsync(() => reconciler.Synced.Contains("ns/a"), "a successful sync after three failures");
        Assert.Equal(0, reconciler.FailuresLeft["ns/a"]);
        await Eventually.TrueAsync(() => runner.Queue.NumRequeues("ns/a") == 0, "the key's backoff forgotten");
        await stop.CancelAsync();
        await run.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
