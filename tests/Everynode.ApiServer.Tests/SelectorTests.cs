using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Label and field selectors on list, watch and deletecollection.</summary>
public sealed class SelectorTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    /// <summary>a: app=web,tier=fe on node n1, Running; b: app=web,tier=be; c: app=db; d: no labels.</summary>
    private async Task<string> CreatePodsAsync()
    {
        var ns = await server.CreateNamespaceAsync("sel");
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("a", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "fe" }, nodeName: "n1"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("b", new Dictionary<string, string> { ["app"] = "web", ["tier"] = "be" }), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("c", new Dictionary<string, string> { ["app"] = "db" }), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("d"), ns);
        await Client.CoreV1.PatchNamespacedPodStatusAsync(new V1Patch("""{"status":{"phase":"Running"}}""", V1Patch.PatchType.MergePatch), "a", ns);
        return ns;
    }

    private async Task<string[]> PodNamesAsync(string ns, string? labelSelector = null, string? fieldSelector = null) =>
        [.. (await Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: labelSelector, fieldSelector: fieldSelector)).Items.Select(p => p.Metadata.Name).Order()];

    [Theory]
    [InlineData("app=web", "a,b")]
    [InlineData("app==web", "a,b")]
    [InlineData("app!=web", "c,d")]
    [InlineData("app in (web,db)", "a,b,c")]
    [InlineData("app notin (web)", "c,d")]
    [InlineData("tier", "a,b")]
    [InlineData("!tier", "c,d")]
    [InlineData("app=web,tier=be", "b")]
    [InlineData("app=nothing", "")]
    public async Task List_WithLabelSelector_ReturnsOnlyMatchingPods(string selector, string expected)
    {
        var ns = await CreatePodsAsync();
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), await PodNamesAsync(ns, labelSelector: selector));
    }

    [Theory]
    [InlineData("metadata.name=c", "c")]
    [InlineData("metadata.name!=c", "a,b,d")]
    [InlineData("spec.nodeName=n1", "a")]
    [InlineData("spec.nodeName=", "b,c,d")]
    [InlineData("status.phase=Running", "a")]
    [InlineData("status.phase=Pending", "b,c,d")]
    [InlineData("status.phase!=Running,metadata.name!=d", "b,c")]
    public async Task List_WithPodFieldSelector_ReturnsOnlyMatchingPods(string selector, string expected)
    {
        var ns = await CreatePodsAsync();
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), await PodNamesAsync(ns, fieldSelector: selector));
    }

    [Fact]
    public async Task List_AllNamespaces_WithNamespaceFieldSelector()
    {
        var ns = await CreatePodsAsync();
        await CreatePodsAsync();
        var pods = await Client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: $"metadata.namespace={ns}", labelSelector: "app=web");
        Assert.Equal(["a", "b"], pods.Items.Select(p => p.Metadata.Name).Order());
        Assert.All(pods.Items, p => Assert.Equal(ns, p.Metadata.NamespaceProperty));
    }

    [Fact]
    public async Task List_WithEventFieldSelectors()
    {
        var ns = await server.CreateNamespaceAsync("ev");
        await Client.CoreV1.CreateNamespacedEventAsync(Objects.Event("e1", ns, "p1", "Started", "Normal"), ns);
        await Client.CoreV1.CreateNamespacedEventAsync(Objects.Event("e2", ns, "p1", "Killing", "Warning"), ns);
        await Client.CoreV1.CreateNamespacedEventAsync(Objects.Event("e3", ns, "p2", "Killing", "Normal"), ns);

        async Task<string[]> Names(string selector) =>
            [.. (await Client.CoreV1.ListNamespacedEventAsync(ns, fieldSelector: selector)).Items.Select(e => e.Metadata.Name).Order()];

        Assert.Equal(["e1", "e2"], await Names("involvedObject.name=p1"));
        Assert.Equal(["e2", "e3"], await Names("reason=Killing"));
        Assert.Equal(["e2"], await Names("type=Warning"));
        Assert.Equal(["e3"], await Names("involvedObject.name=p2,reason=Killing"));
        Assert.Equal(["e1", "e2", "e3"], await Names("involvedObject.kind=Pod"));
    }

    [Fact]
    public async Task List_WithNodeUnschedulableFieldSelector()
    {
        var suite = Guid.NewGuid().ToString("N")[..8];
        var labels = new Dictionary<string, string> { ["suite"] = suite };
        await Client.CoreV1.CreateNodeAsync(Objects.Node($"n-{suite}-1", labels, unschedulable: true));
        await Client.CoreV1.CreateNodeAsync(Objects.Node($"n-{suite}-2", labels));

        var cordoned = await Client.CoreV1.ListNodeAsync(labelSelector: $"suite={suite}", fieldSelector: "spec.unschedulable=true");
        Assert.Equal($"n-{suite}-1", Assert.Single(cordoned.Items).Metadata.Name);
        var schedulable = await Client.CoreV1.ListNodeAsync(labelSelector: $"suite={suite}", fieldSelector: "spec.unschedulable=false");
        Assert.Equal($"n-{suite}-2", Assert.Single(schedulable.Items).Metadata.Name);
        await Client.CoreV1.DeleteCollectionNodeAsync(labelSelector: $"suite={suite}");
        Assert.Empty((await Client.CoreV1.ListNodeAsync(labelSelector: $"suite={suite}")).Items);
    }

    [Fact]
    public async Task List_WithUnsupportedFieldSelector_IsBadRequest()
    {
        var ns = await server.CreateNamespaceAsync();
        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest,
            () => Client.CoreV1.ListNamespacedPodAsync(ns, fieldSelector: "spec.hostname=x"));
        Assert.Equal("BadRequest", status.Reason);
        Assert.Equal("field label not supported: spec.hostname", status.Message);
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.AppsV1.ListNamespacedDaemonSetAsync(ns, fieldSelector: "spec.nodeName=x"));
    }

    [Fact]
    public async Task List_WithMalformedLabelSelector_IsBadRequest()
    {
        var ns = await server.CreateNamespaceAsync();
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app in (web"));
    }

    [Fact]
    public async Task DeleteCollection_WithLabelSelector_DeletesOnlyMatching()
    {
        var ns = await CreatePodsAsync();
        await Client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: "app in (db)");
        Assert.Equal(["a", "b", "d"], await PodNamesAsync(ns));
        await Client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, labelSelector: "!app");
        Assert.Equal(["a", "b"], await PodNamesAsync(ns));
    }

    [Fact]
    public async Task DeleteCollection_WithFieldSelector_DeletesOnlyMatching()
    {
        var ns = await server.CreateNamespaceAsync("ev");
        await Client.CoreV1.CreateNamespacedEventAsync(Objects.Event("e1", ns, "p1", "Started"), ns);
        await Client.CoreV1.CreateNamespacedEventAsync(Objects.Event("e2", ns, "p1", "Killing"), ns);
        await Client.CoreV1.CreateNamespacedEventAsync(Objects.Event("e3", ns, "p2", "Killing"), ns);
        await Client.CoreV1.DeleteCollectionNamespacedEventAsync(ns, fieldSelector: "reason=Killing,involvedObject.name=p1");
        Assert.Equal(["e1", "e3"], (await Client.CoreV1.ListNamespacedEventAsync(ns)).Items.Select(e => e.Metadata.Name).Order());
    }

    [Fact]
    public async Task DeleteCollection_WithUnsupportedFieldSelector_IsBadRequestAndDeletesNothing()
    {
        var ns = await CreatePodsAsync();
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.CoreV1.DeleteCollectionNamespacedPodAsync(ns, fieldSelector: "spec.hostname=x"));
        Assert.Equal(4, (await PodNamesAsync(ns)).Length);
    }

    [Fact]
    public async Task Watch_WithLabelSelector_TurnsTransitionsIntoAddedAndDeleted()
    {
        var ns = await server.CreateNamespaceAsync("watchsel");
        var rv = (await Client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        await using var watch = new WatchRecorder<V1Pod>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedPodAsync(ns, labelSelector: "app=web", resourceVersion: rv, onError: onError, cancellationToken: ct));

        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("other", new Dictionary<string, string> { ["app"] = "db" }), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p", new Dictionary<string, string> { ["app"] = "web" }), ns);
        await Relabel("p", "db");
        await Relabel("p", "web");
        await Client.CoreV1.PatchNamespacedPodAsync(new V1Patch("""{"metadata":{"annotations":{"x":"1"}}}""", V1Patch.PatchType.MergePatch), "p", ns);
        await Relabel("other", "db2");
        await Client.CoreV1.DeleteNamespacedPodAsync("p", ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("sentinel", new Dictionary<string, string> { ["app"] = "web" }), ns);

        var events = await watch.TakeChangesAsync(6);
        Assert.Equal(
            [(WatchEventType.Added, "p"), (WatchEventType.Deleted, "p"), (WatchEventType.Added, "p"), (WatchEventType.Modified, "p"), (WatchEventType.Deleted, "p"), (WatchEventType.Added, "sentinel")],
            events.Select(e => (e.Type, e.Object.Metadata.Name)));
        Assert.Equal("db", events[1].Object.Metadata.Labels["app"]);

        Task Relabel(string name, string app) => Client.CoreV1.PatchNamespacedPodAsync(
            new V1Patch("{\"metadata\":{\"labels\":{\"app\":\"" + app + "\"}}}", V1Patch.PatchType.MergePatch), name, ns);
    }

    [Fact]
    public async Task Watch_WithFieldSelector_SeesPodBoundToItsNode()
    {
        var ns = await server.CreateNamespaceAsync("watchfield");
        var rv = (await Client.CoreV1.ListNamespacedPodAsync(ns)).Metadata.ResourceVersion;
        await using var watch = new WatchRecorder<V1Pod>((onError, ct) =>
            Client.CoreV1.WatchListNamespacedPodAsync(ns, fieldSelector: "spec.nodeName=node-w", resourceVersion: rv, onError: onError, cancellationToken: ct));

        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("unbound"), ns);
        await Client.CoreV1.CreateNamespacedPodBindingAsync(
            new V1Binding { Metadata = new V1ObjectMeta { Name = "unbound" }, Target = new V1ObjectReference { Kind = "Node", Name = "node-w" } }, "unbound", ns);
        var ev = await watch.NextChangeAsync();
        Assert.Equal(WatchEventType.Added, ev.Type);
        Assert.Equal("unbound", ev.Object.Metadata.Name);
        Assert.Equal("node-w", ev.Object.Spec.NodeName);
    }

    [Fact]
    public async Task Watch_WithUnsupportedFieldSelector_IsBadRequest()
    {
        var ns = await server.CreateNamespaceAsync();
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest,
            () => Client.CoreV1.ListNamespacedPodWithHttpMessagesAsync(ns, watch: true, fieldSelector: "spec.bogus=1"));
    }
}
