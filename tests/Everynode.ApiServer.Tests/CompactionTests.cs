using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>
/// Reads and watches at compacted revisions: 410 Expired. This class has its own server because compaction
/// discards history every other test might read.
/// </summary>
public sealed class CompactionTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    private async Task<(string Ns, string OldRv)> CreateHistoryAndCompactAsync()
    {
        var ns = await server.CreateNamespaceAsync("c");
        var old = await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("a"), ns);
        var newer = await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("b"), ns);
        await server.Host.Store.CompactAsync(long.Parse(newer.Metadata.ResourceVersion), CancellationToken.None);
        return (ns, old.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Watch_FromCompactedResourceVersion_YieldsExpiredError()
    {
        var (ns, oldRv) = await CreateHistoryAndCompactAsync();
        await using var watch = new WatchRecorder<V1Lease>((onError, ct) =>
            Client.CoordinationV1.WatchListNamespacedLeaseAsync(ns, resourceVersion: oldRv, onError: onError, cancellationToken: ct));
        var error = Assert.IsType<KubernetesException>(await watch.NextErrorAsync());
        Assert.Equal(410, error.Status.Code);
        Assert.Equal("Expired", error.Status.Reason);
        Assert.Equal("Failure", error.Status.Status);
        Assert.StartsWith("too old resource version: ", error.Status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_FromCompactedResourceVersion_WireEventIsErrorStatus()
    {
        var (ns, oldRv) = await CreateHistoryAndCompactAsync();
        using var request = server.AuthorizedRequest(HttpMethod.Get, $"/apis/coordination.k8s.io/v1/namespaces/{ns}/leases?watch=true&resourceVersion={oldRv}");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var line = await reader.ReadLineAsync(cts.Token);
        using var doc = System.Text.Json.JsonDocument.Parse(line!);
        Assert.Equal("ERROR", doc.RootElement.GetProperty("type").GetString());
        var obj = doc.RootElement.GetProperty("object");
        Assert.Equal("Status", obj.GetProperty("kind").GetString());
        Assert.Equal("v1", obj.GetProperty("apiVersion").GetString());
        Assert.Equal(410, obj.GetProperty("code").GetInt32());
        Assert.Equal("Expired", obj.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task List_ExactAtCompactedResourceVersion_IsGone()
    {
        var (ns, oldRv) = await CreateHistoryAndCompactAsync();
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Gone,
            () => Client.CoordinationV1.ListNamespacedLeaseAsync(ns, resourceVersion: oldRv, resourceVersionMatch: "Exact"));
        Assert.Equal("Expired", status.Reason);
    }

    [Fact]
    public async Task List_NotOlderThanCompactedResourceVersion_ReadsTheNewest()
    {
        var (ns, oldRv) = await CreateHistoryAndCompactAsync();
        var list = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns, resourceVersion: oldRv, resourceVersionMatch: "NotOlderThan");
        Assert.Equal(2, list.Items.Count);
    }

    [Fact]
    public async Task List_ExactAtLiveResourceVersion_IsASnapshot()
    {
        var ns = await server.CreateNamespaceAsync("snap");
        var a = await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("a"), ns);
        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("b"), ns);
        var list = await Client.CoordinationV1.ListNamespacedLeaseAsync(ns, resourceVersion: a.Metadata.ResourceVersion, resourceVersionMatch: "Exact");
        Assert.Equal("a", Assert.Single(list.Items).Metadata.Name);
        Assert.Equal(a.Metadata.ResourceVersion, list.Metadata.ResourceVersion);
    }
}
