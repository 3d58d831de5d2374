using System.Net;
using System.Text;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests.Eviction;

/// <summary>
/// <c>pods/NAME/eviction</c> against PodDisruptionBudgets whose status the test writes itself (no disruption
/// controller runs here), checking upstream's EvictionREST answers.
/// </summary>
public sealed class EvictionTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Evict_WithoutABudget_Is201Status_AndDeletesThePodGracefully()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "p");

        using var response = await PostEvictionAsync(ns, "p", $$$"""{"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"p","namespace":"{{{ns}}}","creationTimestamp":null},"deleteOptions":{}}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""", await response.Content.ReadAsStringAsync());
        Assert.NotNull((await Client.CoreV1.ReadNamespacedPodAsync("p", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Evict_HonoursDeleteOptions_GraceZeroRemovesThePod()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "p");
        await Client.CoreV1.CreateNamespacedPodEvictionAsync(
            new V1Eviction { Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = ns }, DeleteOptions = new V1DeleteOptions { GracePeriodSeconds = 0 } }, "p", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodAsync("p", ns));
    }

    [Fact]
    public async Task Evict_BudgetWithNoDisruptionsLeft_Is429WithTheDisruptionBudgetCause()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "p");
        await CreateBudgetAsync(ns, "keep", observed: true, allowed: 0, current: 1, desired: 1);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.TooManyRequests, () => EvictAsync(ns, "p"));
        Assert.Equal(("TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget."), (status.Reason, status.Message));
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("DisruptionBudget", "The disruption budget keep needs 1 healthy pods and has 1 currently"), (cause.Reason, cause.Message));
        Assert.Null((await Client.CoreV1.ReadNamespacedPodAsync("p", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Evict_BudgetNotYetObserved_Is429StillBeingProcessed()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "p");
        await CreateBudgetAsync(ns, "fresh", observed: false, allowed: 5, current: 5, desired: 0);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.TooManyRequests, () => EvictAsync(ns, "p"));
        Assert.Equal(10, status.Details.RetryAfterSeconds);
        Assert.Equal("The disruption budget fresh is still being processed by the server.", Assert.Single(status.Details.Causes).Message);
    }

    [Fact]
    public async Task Evict_BudgetWithADisruptionLeft_TakesIt_RecordsThePod_AndDeletes()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "p");
        await CreateBudgetAsync(ns, "one", observed: true, allowed: 1, current: 2, desired: 1);

        await EvictAsync(ns, "p");

        var pdb = await Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("one", ns);
        Assert.Equal(0, pdb.Status.DisruptionsAllowed);
        Assert.Equal(["p"], pdb.Status.DisruptedPods.Keys);
        var condition = Assert.Single(pdb.Status.Conditions);
        Assert.Equal(("DisruptionAllowed", "False", "InsufficientPods"), (condition.Type, condition.Status, condition.Reason));
        Assert.NotNull((await Client.CoreV1.ReadNamespacedPodAsync("p", ns)).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Evict_TwoBudgets_Is500AsUpstream()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "p");
        await CreateBudgetAsync(ns, "a", observed: true, allowed: 1, current: 1, desired: 0);
        await CreateBudgetAsync(ns, "b", observed: true, allowed: 1, current: 1, desired: 0);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.InternalServerError, () => EvictAsync(ns, "p"));
        Assert.Equal("Internal error occurred: This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", status.Message);
    }

    [Fact]
    public async Task Evict_PendingPod_IgnoresTheBudget()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("pending", labels: Labels()), ns);
        await CreateBudgetAsync(ns, "keep", observed: true, allowed: 0, current: 0, desired: 1);

        await EvictAsync(ns, "pending");
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodAsync("pending", ns));
    }

    [Fact]
    public async Task Evict_UnreadyPodWhileTheBudgetIsMet_GoesWithoutTakingADisruption()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "sick", ready: false);
        await CreateBudgetAsync(ns, "met", observed: true, allowed: 0, current: 2, desired: 2);

        await EvictAsync(ns, "sick");

        Assert.NotNull((await Client.CoreV1.ReadNamespacedPodAsync("sick", ns)).Metadata.DeletionTimestamp);
        var pdb = await Client.PolicyV1.ReadNamespacedPodDisruptionBudgetAsync("met", ns);
        Assert.Null(pdb.Status.DisruptedPods);
    }

    [Fact]
    public async Task Evict_NameMismatch_IsBadRequest_MissingPod_IsNotFound()
    {
        var ns = await server.CreateNamespaceAsync("evict");
        await CreateRunningPodAsync(ns, "p");
        using var mismatch = await PostEvictionAsync(ns, "p", """{"kind":"Eviction","apiVersion":"policy/v1","metadata":{"name":"other"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.StatusCode);
        Assert.Contains("name in URL does not match name in Eviction object", await mismatch.Content.ReadAsStringAsync());

        var missing = await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => EvictAsync(ns, "ghost"));
        Assert.Equal("pods \"ghost\" not found", missing.Message);
    }

    private static Dictionary<string, string> Labels() => new() { ["app"] = "web" };

    private Task<V1Eviction> EvictAsync(string ns, string name) =>
        Client.CoreV1.CreateNamespacedPodEvictionAsync(new V1Eviction { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } }, name, ns);

    private async Task<HttpResponseMessage> PostEvictionAsync(string ns, string name, string body)
    {
        using var request = server.AuthorizedRequest(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods/{name}/eviction", new StringContent(body, Encoding.UTF8, "application/json"));
        return await server.Http.SendAsync(request);
    }

    private async Task CreateRunningPodAsync(string ns, string name, bool ready = true)
    {
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod(name, labels: Labels(), nodeName: "worker-0"), ns);
        pod.Status = new V1PodStatus { Phase = "Running", Conditions = [new V1PodCondition { Type = "Ready", Status = ready ? "True" : "False" }] };
        await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, name, ns);
    }

    /// <summary>A budget selecting app=web with the status a disruption controller would have written.</summary>
    private async Task CreateBudgetAsync(string ns, string name, bool observed, int allowed, int current, int desired)
    {
        var pdb = await Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(new V1PodDisruptionBudget
        {
            Metadata = new V1ObjectMeta { Name = name },
            Spec = new V1PodDisruptionBudgetSpec { MinAvailable = desired, Selector = new V1LabelSelector { MatchLabels = Labels() } },
        }, ns);
        pdb.Status = new V1PodDisruptionBudgetStatus
        {
            ObservedGeneration = observed ? pdb.Metadata.Generation : 0,
            DisruptionsAllowed = allowed,
            CurrentHealthy = current,
            DesiredHealthy = desired,
            ExpectedPods = current,
        };
        await Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(pdb, name, ns);
    }
}
