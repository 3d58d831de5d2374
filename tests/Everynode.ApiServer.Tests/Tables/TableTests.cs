using System.Net;
using System.Text.Json;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;

namespace Everynode.ApiServer.Tests.Tables;

/// <summary>Server-side printing over raw HTTP with kubectl's Table Accept header: get, list, watch and includeObject.</summary>
public sealed class TableTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private const string KubectlAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path, string accept = KubectlAccept)
    {
        using var request = server.AuthorizedRequest(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await server.Http.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, doc.RootElement.Clone());
    }

    private static string[] Names(JsonElement table) =>
        [.. table.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("cells")[0].GetString()!)];

    [Fact]
    public async Task List_WithTableAccept_ReturnsTableWithColumnsRowsAndPartialMetadata()
    {
        var ns = await server.CreateNamespaceAsync("tbl");
        await server.Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("log-agent", app: "log"), ns);
        var list = await server.Client.AppsV1.ListNamespacedDaemonSetAsync(ns);

        var (status, table) = await GetAsync($"/apis/apps/v1/namespaces/{ns}/daemonsets?limit=500");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Table", table.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", table.GetProperty("apiVersion").GetString());
        Assert.Equal(list.Metadata.ResourceVersion, table.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        var columns = table.GetProperty("columnDefinitions").EnumerateArray().ToList();
        Assert.Equal(
            ["Name", "Desired", "Current", "Ready", "Up-to-date", "Available", "Node Selector", "Age", "Containers", "Images", "Selector"],
            columns.Select(c => c.GetProperty("name").GetString()));
        Assert.Equal("name", columns[0].GetProperty("format").GetString());
        Assert.Equal("integer", columns[1].GetProperty("type").GetString());
        Assert.Equal(0, columns[0].GetProperty("priority").GetInt32());
        Assert.Equal(1, columns[8].GetProperty("priority").GetInt32());

        var row = Assert.Single(table.GetProperty("rows").EnumerateArray());
        var cells = row.GetProperty("cells");
        Assert.Equal("log-agent", cells[0].GetString());
        Assert.Equal(JsonValueKind.Number, cells[1].ValueKind);
        Assert.Equal("<none>", cells[6].GetString());
        Assert.Equal("main,sidecar", cells[8].GetString());
        Assert.Equal("nginx:1.25,busybox:1.36", cells[9].GetString());
        Assert.Equal("app=log", cells[10].GetString());
        var obj = row.GetProperty("object");
        Assert.Equal("PartialObjectMetadata", obj.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", obj.GetProperty("apiVersion").GetString());
        Assert.Equal(ns, obj.GetProperty("metadata").GetProperty("namespace").GetString());
        Assert.False(string.IsNullOrEmpty(obj.GetProperty("metadata").GetProperty("resourceVersion").GetString()));
        Assert.False(obj.TryGetProperty("spec", out _));
    }

    [Fact]
    public async Task List_WithPlainJsonAccept_IsStillTheList()
    {
        var ns = await server.CreateNamespaceAsync("tbl");
        var (_, body) = await GetAsync($"/api/v1/namespaces/{ns}/pods", "application/json");
        Assert.Equal("PodList", body.GetProperty("kind").GetString());
        var (_, discoveryFirst) = await GetAsync($"/api/v1/namespaces/{ns}/pods", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        Assert.Equal("PodList", discoveryFirst.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task List_WithV1beta1Table_AnswersInThatVersion()
    {
        var (_, table) = await GetAsync("/api/v1/namespaces", "application/json;as=Table;v=v1beta1;g=meta.k8s.io");
        Assert.Equal("meta.k8s.io/v1beta1", table.GetProperty("apiVersion").GetString());
        Assert.Contains("default", Names(table));
        var row = table.GetProperty("rows").EnumerateArray().First(r => r.GetProperty("cells")[0].GetString() == "default");
        Assert.Equal("Active", row.GetProperty("cells")[1].GetString());
        Assert.Equal("meta.k8s.io/v1beta1", row.GetProperty("object").GetProperty("apiVersion").GetString());
    }

    [Fact]
    public async Task List_Paged_CarriesContinueAndRemainingItemCount()
    {
        var ns = await server.CreateNamespaceAsync("tbl");
        foreach (var name in new[] { "a", "b", "c" })
        {
            await server.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod(name), ns);
        }

        var (_, first) = await GetAsync($"/api/v1/namespaces/{ns}/pods?limit=2");
        Assert.Equal(["a", "b"], Names(first));
        var meta = first.GetProperty("metadata");
        Assert.Equal(1, meta.GetProperty("remainingItemCount").GetInt64());
        var token = Uri.EscapeDataString(meta.GetProperty("continue").GetString()!);
        var (_, second) = await GetAsync($"/api/v1/namespaces/{ns}/pods?limit=2&continue={token}");
        Assert.Equal(["c"], Names(second));
        Assert.False(second.GetProperty("metadata").TryGetProperty("continue", out _));
    }

    [Fact]
    public async Task Get_WithTableAccept_ReturnsOneRowTableWithTheObjectsResourceVersion()
    {
        var ns = await server.CreateNamespaceAsync("tbl");
        var pod = await server.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("web", nodeName: "n1"), ns);

        var (status, table) = await GetAsync($"/api/v1/namespaces/{ns}/pods/web");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(pod.Metadata.ResourceVersion, table.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        var cells = Assert.Single(table.GetProperty("rows").EnumerateArray()).GetProperty("cells");
        Assert.Equal(["web", "0/1", "Pending", "0"], Enumerable.Range(0, 4).Select(i => cells[i].GetString()));
        Assert.Matches("^[0-9]+s$", cells[4].GetString());
        Assert.Equal(["<none>", "n1", "<none>", "<none>"], Enumerable.Range(5, 4).Select(i => cells[i].GetString()));
    }

    [Fact]
    public async Task Get_MissingObject_IsStillA404Status()
    {
        var (status, body) = await GetAsync("/api/v1/namespaces/default/pods/missing");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Status", body.GetProperty("kind").GetString());
    }

    [Theory]
    [InlineData("None")]
    [InlineData("Object")]
    [InlineData("Metadata")]
    public async Task IncludeObject_ChoosesWhatRowsCarry(string include)
    {
        var (_, table) = await GetAsync($"/api/v1/namespaces/default?includeObject={include}");
        var obj = Assert.Single(table.GetProperty("rows").EnumerateArray()).GetProperty("object");
        switch (include)
        {
            case "None":
                Assert.Equal(JsonValueKind.Null, obj.ValueKind);
                break;
            case "Object":
                Assert.Equal(("Namespace", "v1"), (obj.GetProperty("kind").GetString(), obj.GetProperty("apiVersion").GetString()));
                Assert.Equal("Active", obj.GetProperty("status").GetProperty("phase").GetString());
                break;
            default:
                Assert.Equal("PartialObjectMetadata", obj.GetProperty("kind").GetString());
                Assert.Equal("default", obj.GetProperty("metadata").GetProperty("name").GetString());
                break;
        }
    }

    [Fact]
    public async Task IncludeObject_Unknown_IsBadRequest()
    {
        var (status, body) = await GetAsync("/api/v1/namespaces?includeObject=Everything");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("includeObject", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_WithTableAccept_SendsOneRowTablesWithColumnsOnlyFirst()
    {
        var ns = await server.CreateNamespaceAsync("tbl");
        await server.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("first"), ns);
        using var request = server.AuthorizedRequest(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods?watch=true&timeoutSeconds=30");
        request.Headers.Accept.ParseAdd(KubectlAccept);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));

        var added = await NextEventAsync(reader, cts.Token);
        var created = await server.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("second"), ns);
        var second = await NextEventAsync(reader, cts.Token);

        Assert.Equal("ADDED", added.GetProperty("type").GetString());
        var firstTable = added.GetProperty("object");
        Assert.Equal("Table", firstTable.GetProperty("kind").GetString());
        Assert.Equal(9, firstTable.GetProperty("columnDefinitions").GetArrayLength());
        Assert.Equal(["first"], Names(firstTable));
        Assert.Equal("PartialObjectMetadata", firstTable.GetProperty("rows")[0].GetProperty("object").GetProperty("kind").GetString());

        Assert.Equal("ADDED", second.GetProperty("type").GetString());
        var secondTable = second.GetProperty("object");
        Assert.Equal(JsonValueKind.Null, secondTable.GetProperty("columnDefinitions").ValueKind);
        Assert.Equal(["second"], Names(secondTable));
        Assert.Equal(created.Metadata.ResourceVersion, secondTable.GetProperty("metadata").GetProperty("resourceVersion").GetString());
    }

    [Fact]
    public async Task Watch_TooOldResourceVersion_ErrorStaysAStatus()
    {
        var ns = await server.CreateNamespaceAsync("tbl");
        var pod = await server.Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        await server.Host.Store.CompactAsync(long.Parse(pod.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture), CancellationToken.None);
        using var request = server.AuthorizedRequest(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods?watch=true&resourceVersion=1");
        request.Headers.Accept.ParseAdd(KubectlAccept);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var response = await server.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        var ev = await NextEventAsync(reader, cts.Token);
        Assert.Equal("ERROR", ev.GetProperty("type").GetString());
        Assert.Equal("Status", ev.GetProperty("object").GetProperty("kind").GetString());
    }

    private static async Task<JsonElement> NextEventAsync(StreamReader reader, CancellationToken ct)
    {
        var line = await reader.ReadLineAsync(ct) ?? throw new InvalidOperationException("the watch ended");
        using var doc = JsonDocument.Parse(line);
        return doc.RootElement.Clone();
    }
}
