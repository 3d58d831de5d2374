using System.Net;
using Everynode.Client.Informers;
using Everynode.Controllers.PodGC;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Controllers.Tests.PodGC;

/// <summary>The pod garbage collector against a real in-process API server, on a manual clock.</summary>
public sealed class PodGarbageCollectorIntegrationTests(ComponentClientFixture server) : IClassFixture<ComponentClientFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task PodOnGhostNode_IsDeletedAfterTheQuarantine_PodOnExistingNodeStays()
    {
        var ns = await server.CreateNamespaceAsync("gc");
        await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = "real" } });
        await Client.CoreV1.CreateNamespacedPodAsync(NewPod("on-ghost", "ghost"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(NewPod("on-real", "real"), ns);

        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var informers = new SharedInformers(Client, NullLoggerFactory.Instance);
        var podGc = new PodGarbageCollector(informers, new PodGcOptions(), NullLoggerFactory.Instance, clock);
        using var stop = new CancellationTokenSource();
        var running = Task.WhenAll(informers.RunAsync(stop.Token), podGc.RunAsync(stop.Token));
        try
        {
            await informers.Pods.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            await informers.Nodes.WaitForSyncAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

            // Well inside the quarantine nothing happens (the unit tests pin the exact boundary).
            clock.Advance(TimeSpan.FromSeconds(30));
            Assert.NotNull(await PodAsync(ns, "on-ghost"));

            // Past it, the next pass deletes the pod on the missing node. Passes run on the clock's ticks.
            await Eventually.TrueAsync(async () =>
            {
                clock.Advance(TimeSpan.FromSeconds(5));
                return await PodAsync(ns, "on-ghost") is null;
            }, "the pod on the ghost node to be deleted");
            Assert.True(clock.GetUtcNow() >= new DateTimeOffset(2025, 1, 1, 0, 0, 40, TimeSpan.Zero));

            var survivor = await PodAsync(ns, "on-real");
            Assert.NotNull(survivor);
            Assert.Null(survivor.Metadata.DeletionTimestamp);
        }
        finally
        {
            await stop.CancelAsync();
            await running;
        }
    }

    private static V1Pod NewPod(string name, string nodeName) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { NodeName = nodeName, Containers = [new V1Container { Name = "main", Image = "nginx:1.25" }] },
    };

    private async Task<V1Pod?> PodAsync(string ns, string name)
    {
        try
        {
            return await Client.CoreV1.ReadNamespacedPodAsync(name, ns);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
