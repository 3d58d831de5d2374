using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>JSON patch, JSON merge patch and strategic merge patch, on the main resource and on /status.</summary>
public sealed class PatchTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    private static V1Patch Strategic(string json) => new(json, V1Patch.PatchType.StrategicMergePatch);

    private static V1Patch Merge(string json) => new(json, V1Patch.PatchType.MergePatch);

    private static V1Patch Json(string json) => new(json, V1Patch.PatchType.JsonPatch);

    private async Task<string> CreateDaemonSetAsync(string name = "ds")
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet(name), ns);
        return ns;
    }

    [Fact]
    public async Task StrategicMerge_ContainerImageByName_KeepsOtherContainersAndFields()
    {
        var ns = await CreateDaemonSetAsync();
        var patched = await Client.AppsV1.PatchNamespacedDaemonSetAsync(
            Strategic("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"busybox:1.37"}]}}}}"""), "ds", ns);
        var containers = patched.Spec.Template.Spec.Containers;
        Assert.Equal(["main", "sidecar"], containers.Select(c => c.Name));
        Assert.Equal("nginx:1.25", containers[0].Image);
        Assert.Equal("busybox:1.37", containers[1].Image);
        Assert.Equal(["sleep", "3600"], containers[1].Command);
        Assert.Equal(2, patched.Metadata.Generation);
    }

    [Fact]
    public async Task StrategicMerge_PatchDeleteDirective_RemovesOneContainer()
    {
        var ns = await CreateDaemonSetAsync();
        var patched = await Client.AppsV1.PatchNamespacedDaemonSetAsync(
            Strategic("""{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}"""), "ds", ns);
        Assert.Equal("main", Assert.Single(patched.Spec.Template.Spec.Containers).Name);
    }

    [Fact]
    public async Task StrategicMerge_NewContainer_IsAddedAndLabelsMerge()
    {
        var ns = await CreateDaemonSetAsync();
        var patched = await Client.AppsV1.PatchNamespacedDaemonSetAsync(
            Strategic("""{"metadata":{"labels":{"tier":"node"}},"spec":{"template":{"spec":{"containers":[{"name":"extra","image":"extra:1"}]}}}}"""), "ds", ns);
        Assert.Equal(["extra", "main", "sidecar"], patched.Spec.Template.Spec.Containers.Select(c => c.Name).Order());
        Assert.Equal("node", patched.Metadata.Labels["tier"]);
    }

    [Fact]
    public async Task StrategicMerge_NullRemovesAKey()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = Objects.Pod("p", new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" });
        await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        var patched = await Client.CoreV1.PatchNamespacedPodAsync(Strategic("""{"metadata":{"labels":{"a":null}}}"""), "p", ns);
        Assert.Equal(new Dictionary<string, string> { ["b"] = "2" }, patched.Metadata.Labels);
    }

    [Fact]
    public async Task MergePatch_ReplacesListsWhole()
    {
        var ns = await CreateDaemonSetAsync();
        var patched = await Client.AppsV1.PatchNamespacedDaemonSetAsync(
            Merge("""{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"only:1"}]}}}}"""), "ds", ns);
        Assert.Equal("only", Assert.Single(patched.Spec.Template.Spec.Containers).Name);
        Assert.Equal("IfNotPresent", patched.Spec.Template.Spec.Containers[0].ImagePullPolicy);
    }

    [Fact]
    public async Task MergePatch_SetsAndRemovesAnnotations()
    {
        var ns = await CreateDaemonSetAsync();
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(Merge("""{"metadata":{"annotations":{"x":"1","y":"2"}}}"""), "ds", ns);
        var patched = await Client.AppsV1.PatchNamespacedDaemonSetAsync(Merge("""{"metadata":{"annotations":{"x":null}}}"""), "ds", ns);
        Assert.False(patched.Metadata.Annotations.ContainsKey("x"));
        Assert.Equal("2", patched.Metadata.Annotations["y"]);
        Assert.Equal(1, patched.Metadata.Generation);
    }

    [Fact]
    public async Task JsonPatch_ReplaceAddRemove()
    {
        var ns = await CreateDaemonSetAsync();
        var patched = await Client.AppsV1.PatchNamespacedDaemonSetAsync(Json("""
            [
              {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.99"},
              {"op":"add","path":"/metadata/labels","value":{"k":"v"}},
              {"op":"remove","path":"/spec/template/spec/containers/1"}
            ]
            """), "ds", ns);
        Assert.Equal("nginx:1.99", Assert.Single(patched.Spec.Template.Spec.Containers).Image);
        Assert.Equal("v", patched.Metadata.Labels["k"]);
    }

    [Fact]
    public async Task JsonPatch_FailedTest_IsRejectedAndChangesNothing()
    {
        var ns = await CreateDaemonSetAsync();
        var e = await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => Client.AppsV1.PatchNamespacedDaemonSetAsync(Json("""
            [
              {"op":"test","path":"/spec/template/spec/containers/0/image","value":"wrong"},
              {"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.99"}
            ]
            """), "ds", ns));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, e.Response.StatusCode);
        Assert.Equal("nginx:1.25", (await Client.AppsV1.ReadNamespacedDaemonSetAsync("ds", ns)).Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task Patch_WithStaleResourceVersionInBody_IsConflict()
    {
        var ns = await CreateDaemonSetAsync();
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, () => Client.AppsV1.PatchNamespacedDaemonSetAsync(
            Merge("""{"metadata":{"resourceVersion":"1","labels":{"a":"b"}}}"""), "ds", ns));
        Assert.Equal(
            "Operation cannot be fulfilled on daemonsets.apps \"ds\": the object has been modified; please apply your changes to the latest version and try again",
            status.Message);
    }

    [Fact]
    public async Task Patch_ThatBreaksValidation_IsInvalid()
    {
        var ns = await CreateDaemonSetAsync();
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.PatchNamespacedDaemonSetAsync(
            Merge("""{"spec":{"template":{"metadata":{"labels":{"app":"other"}}}}}"""), "ds", ns));
        Assert.Equal("Invalid", status.Reason);
        Assert.Contains("`selector` does not match template `labels`", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_OfMissingObject_IsNotFound()
    {
        var ns = await server.CreateNamespaceAsync();
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound,
            () => Client.AppsV1.PatchNamespacedDaemonSetAsync(Merge("""{"metadata":{"labels":{"a":"b"}}}"""), "ghost", ns));
    }

    [Fact]
    public async Task StatusPatch_AllThreeTypes_ChangeOnlyStatus()
    {
        var ns = await CreateDaemonSetAsync();
        var ds = await Client.AppsV1.PatchNamespacedDaemonSetStatusAsync(
            Merge("""{"status":{"numberReady":3,"desiredNumberScheduled":3,"currentNumberScheduled":3},"spec":{"minReadySeconds":44}}"""), "ds", ns);
        Assert.Equal(3, ds.Status.NumberReady);
        Assert.Null(ds.Spec.MinReadySeconds);

        ds = await Client.AppsV1.PatchNamespacedDaemonSetStatusAsync(
            Json("""[{"op":"replace","path":"/status/numberReady","value":2}]"""), "ds", ns);
        Assert.Equal(2, ds.Status.NumberReady);

        ds = await Client.AppsV1.PatchNamespacedDaemonSetStatusAsync(
            Strategic("""{"status":{"numberAvailable":2},"spec":{"template":{"spec":{"containers":[{"name":"main","image":"sneaky:1"}]}}}}"""), "ds", ns);
        Assert.Equal(2, ds.Status.NumberAvailable);
        Assert.Equal("nginx:1.25", ds.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(1, ds.Metadata.Generation);

        var read = await Client.AppsV1.ReadNamespacedDaemonSetAsync("ds", ns);
        Assert.Equal(2, read.Status.NumberReady);
        Assert.Equal("nginx:1.25", read.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task StatusPatch_PodConditionsMergeByType()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        await Client.CoreV1.PatchNamespacedPodStatusAsync(Strategic("""
            {"status":{"phase":"Running","conditions":[{"type":"Ready","status":"False"},{"type":"Initialized","status":"True"}]}}
            """), "p", ns);
        var pod = await Client.CoreV1.PatchNamespacedPodStatusAsync(Strategic("""
            {"status":{"conditions":[{"type":"Ready","status":"True"}]}}
            """), "p", ns);
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("True", pod.Status.Conditions.Single(c => c.Type == "Ready").Status);
        Assert.Equal("True", pod.Status.Conditions.Single(c => c.Type == "Initialized").Status);
    }

    [Fact]
    public async Task MainPatch_CannotChangeStatus()
    {
        var ns = await CreateDaemonSetAsync();
        var ds = await Client.AppsV1.PatchNamespacedDaemonSetAsync(Merge("""{"status":{"numberReady":5}}"""), "ds", ns);
        Assert.NotEqual(5, ds.Status?.NumberReady);
    }

    [Fact]
    public async Task NodePatch_SetsUnschedulable()
    {
        var name = "patch-node-" + Guid.NewGuid().ToString("N")[..6];
        await Client.CoreV1.CreateNodeAsync(Objects.Node(name));
        var node = await Client.CoreV1.PatchNodeAsync(Strategic("""{"spec":{"unschedulable":true}}"""), name);
        Assert.True(node.Spec.Unschedulable);
        await Client.CoreV1.DeleteNodeAsync(name);
    }
}
