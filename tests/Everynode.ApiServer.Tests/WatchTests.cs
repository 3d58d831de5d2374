using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Watch event order, resuming from a resourceVersion, initial events, bookmarks and timeouts.</summary>
public sealed class WatchTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    private WatchRecorder<V1DaemonSet> WatchDaemonSets(string ns, string? resourceVersion, bool? bookmarks = null, int? timeoutSeconds = null) =>
        new((onError, ct) => Client.AppsV1.WatchListNamespacedDaemonSetAsync(
            ns, resourceVersion: resourceVersion, allowWatchBookmarks: bookmarks, timeoutSeconds: timeoutSeconds, onError: onError, cancellationToken: ct));

    [Fact]
    public async Task Watch_SeesAddedModifiedDeletedInOrder()
    {
        var ns = await server.CreateNamespaceAsync("w");
        var rv = (await Client.AppsV1.ListNamespacedDaemonSetAsync(ns)).Metadata.ResourceVersion;
        await using var watch = WatchDaemonSets(ns, rv);

        var created = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns);
        var patched = await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch("""{"metadata":{"labels":{"v":"2"}}}""", V1Patch.PatchType.MergePatch), "ds", ns);
        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("ds", ns);

        var events = await watch.TakeChangesAsync(3);
        Assert.Equal([WatchEventType.Added, WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal(created.Metadata.ResourceVersion, events[0].Object.Metadata.ResourceVersion);
        Assert.Equal(patched.Metadata.ResourceVersion, events[1].Object.Metadata.ResourceVersion);
        Assert.Equal("2", events[1].Object.Metadata.Labels["v"]);
        Assert.True(long.Parse(events[2].Object.Metadata.ResourceVersion) > long.Parse(patched.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Watch_FromResourceVersion_ReplaysExactlyTheLaterEvents()
    {
        var ns = await server.CreateNamespaceAsync("w");
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("a"), ns);
        var afterA = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("b"), ns);
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch("""{"metadata":{"labels":{"x":"1"}}}""", V1Patch.PatchType.MergePatch), "a", ns);
        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("b", ns);

        // All of this happened before the watch starts; it is replayed from the history.
        await using var watch = WatchDaemonSets(ns, afterA.Metadata.ResourceVersion);
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("sentinel"), ns);
        var events = await watch.TakeChangesAsync(3);
        Assert.Equal(
            [(WatchEventType.Modified, "a"), (WatchEventType.Deleted, "b"), (WatchEventType.Added, "sentinel")],
            events.Select(e => (e.Type, e.Object.Metadata.Name)));
    }

    [Fact]
    public async Task Watch_WithoutResourceVersion_StartsWithAddedForExistingObjects()
    {
        var ns = await server.CreateNamespaceAsync("w");
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("a"), ns);
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("b"), ns);
        await using var watch = WatchDaemonSets(ns, resourceVersion: null);
        var initial = await watch.TakeChangesAsync(2);
        Assert.All(initial, e => Assert.Equal(WatchEventType.Added, e.Type));
        Assert.Equal(["a", "b"], initial.Select(e => e.Object.Metadata.Name).Order());

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("a", ns);
        var next = await watch.NextChangeAsync();
        Assert.Equal((WatchEventType.Deleted, "a"), (next.Type, next.Object.Metadata.Name));
    }

    [Fact]
    public async Task Watch_WithAllowWatchBookmarks_SendsBookmarksWithTheCurrentResourceVersion()
    {
        var ns = await server.CreateNamespaceAsync("w");
        var created = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("a"), ns);
        await using var watch = WatchDaemonSets(ns, created.Metadata.ResourceVersion, bookmarks: true);
        var ev = await watch.NextAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(WatchEventType.Bookmark, ev.Type);
        Assert.True(long.Parse(ev.Object.Metadata.ResourceVersion) >= long.Parse(created.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Watch_WithTimeoutSeconds_Ends()
    {
        // Raw HTTP: the C# client fails on a watch that ends without any event (kubernetes-client/csharp#893).
        var ns = await server.CreateNamespaceAsync("w");
        var rv = (await Client.AppsV1.ListNamespacedDaemonSetAsync(ns)).Metadata.ResourceVersion;
        using var request = server.AuthorizedRequest(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/daemonsets?watch=1&resourceVersion={rv}&timeoutSeconds=1");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync(cts.Token));
    }

    [Fact]
    public async Task Watch_ClusterScopedNodes_SeesStatusChanges()
    {
        var name = "watch-node-" + Guid.NewGuid().ToString("N")[..6];
        var created = await Client.CoreV1.CreateNodeAsync(Objects.Node(name));
        await using var watch = new WatchRecorder<V1Node>((onError, ct) => Client.CoreV1.WatchListNodeAsync(
            fieldSelector: $"metadata.name={name}", resourceVersion: created.Metadata.ResourceVersion, onError: onError, cancellationToken: ct));
        await Client.CoreV1.PatchNodeStatusAsync(new V1Patch("""{"status":{"conditions":[{"type":"Ready","status":"True"}]}}""", V1Patch.PatchType.StrategicMergePatch), name);
        await Client.CoreV1.DeleteNodeAsync(name);
        var events = await watch.TakeChangesAsync(2);
        Assert.Equal([WatchEventType.Modified, WatchEventType.Deleted], events.Select(e => e.Type));
        Assert.Equal("True", events[0].Object.Status.Conditions.Single().Status);
    }
}
