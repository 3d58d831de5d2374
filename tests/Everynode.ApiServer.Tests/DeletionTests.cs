using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Finalizers, propagation policies, preconditions, dry runs, graceful pod deletion and binding.</summary>
public sealed class DeletionTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Delete_WithFinalizer_MarksDeletionTimestamp_RemovingLastFinalizerDeletes()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = Objects.DaemonSet("fin");
        ds.Metadata.Finalizers = ["example.com/a", "example.com/b"];
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(ds, ns);

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("fin", ns);
        var marked = await Client.AppsV1.ReadNamespacedDaemonSetAsync("fin", ns);
        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        Assert.Equal(0, marked.Metadata.DeletionGracePeriodSeconds);

        marked.Metadata.Finalizers = ["example.com/a", "example.com/b", "example.com/new"];
        var forbidden = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.ReplaceNamespacedDaemonSetAsync(marked, "fin", ns));
        Assert.Contains("no new finalizers can be added if the object is being deleted", forbidden.Message, StringComparison.Ordinal);

        marked.Metadata.Finalizers = ["example.com/b"];
        marked = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(marked, "fin", ns);
        Assert.NotNull((await Client.AppsV1.ReadNamespacedDaemonSetAsync("fin", ns)).Metadata.DeletionTimestamp);

        await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "fin", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedDaemonSetAsync("fin", ns));
    }

    [Theory]
    [InlineData("Orphan", "orphan")]
    [InlineData("Foreground", "foregroundDeletion")]
    public async Task Delete_WithPropagationPolicy_AddsItsFinalizer(string policy, string finalizer)
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("prop"), ns);
        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("prop", ns, propagationPolicy: policy);
        var marked = await Client.AppsV1.ReadNamespacedDaemonSetAsync("prop", ns);
        Assert.Equal([finalizer], marked.Metadata.Finalizers);
        Assert.NotNull(marked.Metadata.DeletionTimestamp);

        marked.Metadata.Finalizers = null;
        await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(marked, "prop", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedDaemonSetAsync("prop", ns));
    }

    [Fact]
    public async Task Delete_WithBackgroundPolicy_DeletesAtOnce()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("bg"), ns);
        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("bg", ns, propagationPolicy: "Background");
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedDaemonSetAsync("bg", ns));
    }

    [Fact]
    public async Task Delete_WithWrongUidPrecondition_IsConflict()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("pre"), ns);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, () => Client.AppsV1.DeleteNamespacedDaemonSetAsync("pre", ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "00000000-0000-0000-0000-000000000000" } }));
        Assert.Equal(
            $"Operation cannot be fulfilled on daemonsets.apps \"pre\": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: {ds.Metadata.Uid}",
            status.Message);
        await Client.AppsV1.ReadNamespacedDaemonSetAsync("pre", ns);

        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("pre", ns, new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = ds.Metadata.Uid } });
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedDaemonSetAsync("pre", ns));
    }

    [Fact]
    public async Task Delete_WithStaleResourceVersionPrecondition_IsConflict()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("pre"), ns);
        var current = await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch("""{"metadata":{"labels":{"a":"b"}}}""", V1Patch.PatchType.MergePatch), "pre", ns);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, () => Client.AppsV1.DeleteNamespacedDaemonSetAsync("pre", ns,
            new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = ds.Metadata.ResourceVersion } }));
        Assert.Equal(
            $"Operation cannot be fulfilled on daemonsets.apps \"pre\": Precondition failed: ResourceVersion in precondition: {ds.Metadata.ResourceVersion}, ResourceVersion in meta: {current.Metadata.ResourceVersion}",
            status.Message);
        await Client.AppsV1.ReadNamespacedDaemonSetAsync("pre", ns);
    }

    [Fact]
    public async Task DryRun_WritesNothing()
    {
        var ns = await server.CreateNamespaceAsync();
        var before = (await Client.AppsV1.ListNamespacedDaemonSetAsync(ns)).Metadata.ResourceVersion;

        var dry = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("dry"), ns, dryRun: "All");
        Assert.Equal("dry", dry.Metadata.Name);
        Assert.Equal("RollingUpdate", dry.Spec.UpdateStrategy.Type);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedDaemonSetAsync("dry", ns));

        var real = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("real"), ns);
        real.Metadata.Labels = new Dictionary<string, string> { ["dry"] = "run" };
        await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(real, "real", ns, dryRun: "All");
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch("""{"metadata":{"labels":{"dry":"patch"}}}""", V1Patch.PatchType.MergePatch), "real", ns, dryRun: "All");
        await Client.AppsV1.DeleteNamespacedDaemonSetAsync("real", ns, dryRun: "All");
        await Client.AppsV1.DeleteCollectionNamespacedDaemonSetAsync(ns, dryRun: "All");

        var after = await Client.AppsV1.ReadNamespacedDaemonSetAsync("real", ns);
        Assert.Null(after.Metadata.Labels);
        Assert.Equal(real.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
        Assert.NotEqual(before, real.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task DryRun_WithUnknownValue_IsBadRequest()
    {
        var ns = await server.CreateNamespaceAsync();
        await ApiAssert.FailsAsync(HttpStatusCode.BadRequest, () => Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("dry"), ns, dryRun: "Some"));
    }

    [Fact]
    public async Task BoundPod_IsGracefullyDeleted_UntilDeletedWithZeroGrace()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("bound", nodeName: "node-1"), ns);
        await Client.CoreV1.DeleteNamespacedPodAsync("bound", ns);
        var terminating = await Client.CoreV1.ReadNamespacedPodAsync("bound", ns);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);
        Assert.Equal(30, terminating.Metadata.DeletionGracePeriodSeconds);

        // A second delete with a shorter grace period shortens it; the pod still stays.
        await Client.CoreV1.DeleteNamespacedPodAsync("bound", ns, gracePeriodSeconds: 5);
        Assert.Equal(5, (await Client.CoreV1.ReadNamespacedPodAsync("bound", ns)).Metadata.DeletionGracePeriodSeconds);

        await Client.CoreV1.DeleteNamespacedPodAsync("bound", ns, gracePeriodSeconds: 0);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodAsync("bound", ns));
    }

    [Fact]
    public async Task UnboundPod_IsDeletedAtOnce()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("unbound"), ns);
        await Client.CoreV1.DeleteNamespacedPodAsync("unbound", ns);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.ReadNamespacedPodAsync("unbound", ns));
    }

    [Fact]
    public async Task Binding_SetsNodeNameOnce_SecondBindingIsConflict()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        await Client.CoreV1.CreateNamespacedPodBindingAsync(Binding("p", "node-1"), "p", ns);
        var bound = await Client.CoreV1.ReadNamespacedPodAsync("p", ns);
        Assert.Equal("node-1", bound.Spec.NodeName);
        Assert.Contains(bound.Status.Conditions, c => c.Type == "PodScheduled" && c.Status == "True");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict,
            () => Client.CoreV1.CreateNamespacedPodBindingAsync(Binding("p", "node-2"), "p", ns));
        Assert.Equal("Operation cannot be fulfilled on pods \"p\": pod p is already assigned to node \"node-1\"", status.Message);
        Assert.Equal("node-1", (await Client.CoreV1.ReadNamespacedPodAsync("p", ns)).Spec.NodeName);
    }

    [Fact]
    public async Task Binding_OfMissingPod_IsNotFound()
    {
        var ns = await server.CreateNamespaceAsync();
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.CoreV1.CreateNamespacedPodBindingAsync(Binding("ghost", "node-1"), "ghost", ns));
    }

    [Fact]
    public async Task Pod_NodeNameCannotChangeThroughUpdate()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p", nodeName: "node-1"), ns);
        pod.Spec.NodeName = "node-2";
        await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.CoreV1.ReplaceNamespacedPodAsync(pod, "p", ns));
    }

    [Fact]
    public async Task DeleteCollection_DeletesEverythingInTheNamespaceOnly()
    {
        var ns = await server.CreateNamespaceAsync();
        var other = await server.CreateNamespaceAsync();
        for (var i = 0; i < 3; i++)
        {
            await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease($"l{i}"), ns);
        }

        await Client.CoordinationV1.CreateNamespacedLeaseAsync(Objects.Lease("keep"), other);
        await Client.CoordinationV1.DeleteCollectionNamespacedLeaseAsync(ns);
        Assert.Empty((await Client.CoordinationV1.ListNamespacedLeaseAsync(ns)).Items);
        Assert.Single((await Client.CoordinationV1.ListNamespacedLeaseAsync(other)).Items);
    }

    private static V1Binding Binding(string pod, string node) => new()
    {
        Metadata = new V1ObjectMeta { Name = pod },
        Target = new V1ObjectReference { Kind = "Node", Name = node, ApiVersion = "v1" },
    };
}
