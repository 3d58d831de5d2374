using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Namespace life cycle: Terminating, content removal, immortal namespaces, no new content while terminating.</summary>
public sealed class NamespaceTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Delete_Namespace_TurnsTerminating_DeletesItsContent_ThenDisappears()
    {
        var ns = await server.CreateNamespaceAsync("gone");
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns);
        await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("p"), ns);
        var created = await Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal("Active", created.Status.Phase);
        Assert.Equal(["kubernetes"], created.Spec.Finalizers);

        var deleted = await Client.CoreV1.DeleteNamespaceAsync(ns);
        Assert.NotNull(deleted);

        await Eventually.TrueAsync(async () =>
        {
            try
            {
                await Client.CoreV1.ReadNamespaceAsync(ns);
                return false;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
            {
                return true;
            }
        }, "the namespace to be gone");
        Assert.Empty((await Client.AppsV1.ListNamespacedDaemonSetAsync(ns)).Items);
        Assert.Empty((await Client.CoreV1.ListNamespacedPodAsync(ns)).Items);
    }

    [Fact]
    public async Task Delete_Namespace_WithContentThatWaits_StaysTerminating_AndRefusesNewContent()
    {
        var ns = await server.CreateNamespaceAsync("stuck");
        var ds = Objects.DaemonSet("held");
        ds.Metadata.Finalizers = ["example.com/hold"];
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(ds, ns);

        await Client.CoreV1.DeleteNamespaceAsync(ns);
        var terminating = await Client.CoreV1.ReadNamespaceAsync(ns);
        Assert.Equal("Terminating", terminating.Status.Phase);
        Assert.NotNull(terminating.Metadata.DeletionTimestamp);

        var refused = await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () => Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("late"), ns));
        Assert.Equal($"unable to create new content in namespace {ns} because it is being terminated", refused.Message);

        // The held DaemonSet is marked; once its finalizer goes, the namespace finishes.
        await Eventually.TrueAsync(async () => (await Client.AppsV1.ReadNamespacedDaemonSetAsync("held", ns)).Metadata.DeletionTimestamp is not null, "the held DaemonSet to be marked for deletion");
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", ns);
        await Eventually.TrueAsync(async () => (await Client.CoreV1.ListNamespaceAsync()).Items.All(n => n.Metadata.Name != ns), "the namespace to be gone");
    }

    [Theory]
    [InlineData("default")]
    [InlineData("kube-system")]
    [InlineData("kube-public")]
    public async Task Delete_ImmortalNamespace_IsForbidden(string name)
    {
        var status = await ApiAssert.FailsAsync(HttpStatusCode.Forbidden, () => Client.CoreV1.DeleteNamespaceAsync(name));
        Assert.Equal($"namespaces \"{name}\" is forbidden: this namespace may not be deleted", status.Message);
        Assert.Equal("Active", (await Client.CoreV1.ReadNamespaceAsync(name)).Status.Phase);
    }
}
