using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Optimistic concurrency, generation, and the split between the main resource and /status.</summary>
public sealed class UpdateTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private const string TemplateGenerationAnnotation = "deprecated.daemonset.template.generation";

    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Update_WithStaleResourceVersion_IsConflictWithUpstreamMessage()
    {
        var ns = await server.CreateNamespaceAsync();
        var first = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("x"), ns);
        var stale = await Client.AppsV1.ReadNamespacedDaemonSetAsync("x", ns);
        first.Metadata.Labels = new Dictionary<string, string> { ["a"] = "1" };
        await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(first, "x", ns);

        stale.Metadata.Labels = new Dictionary<string, string> { ["a"] = "2" };
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict, () => Client.AppsV1.ReplaceNamespacedDaemonSetAsync(stale, "x", ns));
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal(
            "Operation cannot be fulfilled on daemonsets.apps \"x\": the object has been modified; please apply your changes to the latest version and try again",
            status.Message);
        Assert.Equal("1", (await Client.AppsV1.ReadNamespacedDaemonSetAsync("x", ns)).Metadata.Labels["a"]);
    }

    [Fact]
    public async Task Update_WithoutResourceVersion_IsUnconditional()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("x"), ns);
        ds.Metadata.ResourceVersion = null;
        ds.Metadata.Labels = new Dictionary<string, string> { ["a"] = "1" };
        await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "x", ns);
        Assert.Equal("1", (await Client.AppsV1.ReadNamespacedDaemonSetAsync("x", ns)).Metadata.Labels["a"]);
    }

    [Fact]
    public async Task Update_Generation_BumpsOnlyOnSpecChange_TemplateGenerationOnlyOnTemplateChange()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("gen"), ns);
        Assert.Equal(1, ds.Metadata.Generation);
        Assert.Equal("1", ds.Metadata.Annotations[TemplateGenerationAnnotation]);

        ds.Metadata.Labels = new Dictionary<string, string> { ["only"] = "metadata" };
        ds = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "gen", ns);
        Assert.Equal(1, ds.Metadata.Generation);
        Assert.Equal("1", ds.Metadata.Annotations[TemplateGenerationAnnotation]);

        ds.Spec.MinReadySeconds = 5;
        ds = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "gen", ns);
        Assert.Equal(2, ds.Metadata.Generation);
        Assert.Equal("1", ds.Metadata.Annotations[TemplateGenerationAnnotation]);

        ds.Spec.Template.Spec.Containers[0].Image = "nginx:1.27";
        ds = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "gen", ns);
        Assert.Equal(3, ds.Metadata.Generation);
        Assert.Equal("2", ds.Metadata.Annotations[TemplateGenerationAnnotation]);

        ds.Status = new V1DaemonSetStatus { ObservedGeneration = 3, NumberReady = 1, DesiredNumberScheduled = 1 };
        ds = await Client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(ds, "gen", ns);
        Assert.Equal(3, ds.Metadata.Generation);
        Assert.Equal(3, (await Client.AppsV1.ReadNamespacedDaemonSetAsync("gen", ns)).Metadata.Generation);
    }

    [Fact]
    public async Task StatusUpdate_ChangesOnlyStatus()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("st"), ns);
        ds.Status = new V1DaemonSetStatus { NumberReady = 2, DesiredNumberScheduled = 2, CurrentNumberScheduled = 2, ObservedGeneration = 1 };
        ds.Spec.Template.Spec.Containers[0].Image = "changed:1";
        ds.Spec.MinReadySeconds = 9;
        await Client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(ds, "st", ns);

        var read = await Client.AppsV1.ReadNamespacedDaemonSetAsync("st", ns);
        Assert.Equal(2, read.Status.NumberReady);
        Assert.Equal("nginx:1.25", read.Spec.Template.Spec.Containers[0].Image);
        Assert.Null(read.Spec.MinReadySeconds);
        Assert.Equal(1, read.Metadata.Generation);

        var viaSubresource = await Client.AppsV1.ReadNamespacedDaemonSetStatusAsync("st", ns);
        Assert.Equal(2, viaSubresource.Status.NumberReady);
    }

    [Fact]
    public async Task MainUpdate_CannotChangeStatus()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("main"), ns);
        ds.Status = new V1DaemonSetStatus { NumberReady = 7, DesiredNumberScheduled = 7, CurrentNumberScheduled = 7 };
        ds.Spec.MinReadySeconds = 3;
        ds = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "main", ns);
        Assert.Equal(3, ds.Spec.MinReadySeconds);
        Assert.NotEqual(7, ds.Status?.NumberReady);
        Assert.NotEqual(7, (await Client.AppsV1.ReadNamespacedDaemonSetAsync("main", ns)).Status?.NumberReady);
    }

    [Fact]
    public async Task PodStatusUpdate_ChangesOnlyStatus_AndPodUpdateCannotChangeStatus()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        pod.Status.Phase = "Running";
        pod.Spec.ActiveDeadlineSeconds = 100;
        pod = await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "p", ns);
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Null((await Client.CoreV1.ReadNamespacedPodAsync("p", ns)).Spec.ActiveDeadlineSeconds);

        pod.Status.Phase = "Failed";
        pod.Metadata.Labels = new Dictionary<string, string> { ["kept"] = "yes" };
        await Client.CoreV1.ReplaceNamespacedPodAsync(pod, "p", ns);
        var read = await Client.CoreV1.ReadNamespacedPodAsync("p", ns);
        Assert.Equal("Running", read.Status.Phase);
        Assert.Equal("yes", read.Metadata.Labels["kept"]);
    }

    [Fact]
    public async Task Update_ImmutableFields_AreKept()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        var copy = await Client.CoreV1.ReadNamespacedPodAsync("p", ns);
        copy.Metadata.CreationTimestamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        copy.Metadata.Labels = new Dictionary<string, string> { ["a"] = "b" };
        var updated = await Client.CoreV1.ReplaceNamespacedPodAsync(copy, "p", ns);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
        Assert.Equal(created.Metadata.CreationTimestamp, updated.Metadata.CreationTimestamp);
    }

    [Fact]
    public async Task Update_OfMissingObject_IsNotFound()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = Objects.DaemonSet("ghost");
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "ghost", ns));
    }
}
