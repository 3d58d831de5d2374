using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>metadata.managedFields kept on every write: creates, updates, patches, status writes, resets.</summary>
public sealed class ManagedFieldsTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task Create_RecordsAnUpdateByTheFieldManager()
    {
        var ns = await server.CreateNamespaceAsync();

        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns, fieldManager: "kubectl-create");

        var entry = Assert.Single(ds.Metadata.ManagedFields);
        Assert.Equal(("kubectl-create", "Update", "apps/v1", null), (entry.Manager, entry.Operation, entry.ApiVersion, entry.Subresource));
        Assert.Equal(ds.Metadata.CreationTimestamp, entry.Time);
        Assert.DoesNotContain("deprecated.daemonset.template.generation", KubernetesJson.Serialize(entry.FieldsV1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WithNoOwnableField_HasNoManagedFields()
    {
        var node = await Client.CoreV1.CreateNodeAsync(new V1Node { Metadata = new V1ObjectMeta { Name = $"bare-{Guid.NewGuid():N}" } }, fieldManager: "m");

        Assert.Null(node.Metadata.ManagedFields);
        await Client.CoreV1.DeleteNodeAsync(node.Metadata.Name);
    }

    [Fact]
    public async Task WriteWithoutFieldManager_IsNamedAfterTheUserAgent()
    {
        var ns = await server.CreateNamespaceAsync();
        using var request = server.AuthorizedRequest(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            new StringContent(KubernetesJson.Serialize(Objects.Pod("p")), System.Text.Encoding.UTF8, "application/json"));
        request.Headers.UserAgent.ParseAdd("my-operator/v0.3 (linux/amd64)");

        using var response = await server.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var pod = KubernetesJson.Deserialize<V1Pod>(await response.Content.ReadAsStringAsync());

        Assert.Equal("my-operator", Assert.Single(pod.Metadata.ManagedFields).Manager);
    }

    [Fact]
    public async Task PatchByAnotherManager_TakesTheChangedFieldOnly()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns, fieldManager: "creator");

        var ds = await Client.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("""{"metadata":{"labels":{"tier":"edge"}}}""", V1Patch.PatchType.MergePatch), "ds", ns, fieldManager: "labeler");

        var labeler = ds.Metadata.ManagedFields.Single(e => e.Manager == "labeler");
        Assert.Equal("""{"f:metadata":{"f:labels":{".":{},"f:tier":{}}}}""", KubernetesJson.Serialize(labeler.FieldsV1));
        Assert.Contains(ds.Metadata.ManagedFields, e => e.Manager == "creator");
    }

    [Fact]
    public async Task StatusWrite_IsRecordedWithSubresourceStatus()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns, fieldManager: "creator");
        ds.Status = new V1DaemonSetStatus { DesiredNumberScheduled = 3, NumberReady = 1 };

        var updated = await Client.AppsV1.ReplaceNamespacedDaemonSetStatusAsync(ds, "ds", ns, fieldManager: "controller");

        var entry = updated.Metadata.ManagedFields.Single(e => e.Manager == "controller");
        Assert.Equal("status", entry.Subresource);
        Assert.Equal("""{"f:status":{"f:desiredNumberScheduled":{},"f:numberReady":{}}}""", KubernetesJson.Serialize(entry.FieldsV1));
    }

    [Fact]
    public async Task UpdateWithEmptyManagedFields_ClearsThem()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns, fieldManager: "creator");
        ds.Metadata.ManagedFields = [];

        var updated = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "ds", ns, fieldManager: "creator");

        Assert.Null(updated.Metadata.ManagedFields);
    }

    [Fact]
    public async Task UpdateWithMalformedManagedFields_KeepsTheStoredOnes()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns, fieldManager: "creator");
        ds.Metadata.ManagedFields = [new V1ManagedFieldsEntry { Manager = "forged", Operation = "Steal", FieldsType = "FieldsV1" }];
        ds.Metadata.Labels = new Dictionary<string, string> { ["x"] = "1" };

        var updated = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "ds", ns, fieldManager: "editor");

        Assert.Equal(["creator", "editor"], updated.Metadata.ManagedFields.Select(e => e.Manager).Order());
    }

    [Fact]
    public async Task UpdateWithEditedManagedFields_KeepsTheEdit()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns, fieldManager: "creator");
        ds.Metadata.ManagedFields[0].Manager = "renamed";

        var updated = await Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "ds", ns, fieldManager: "creator");

        Assert.Equal("renamed", Assert.Single(updated.Metadata.ManagedFields).Manager);
    }
}
