using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Server-side apply (PATCH application/apply-patch+yaml) through the official C# client.</summary>
public sealed class ServerSideApplyTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    private static V1Patch ApplyPatch(string json) => new(json, V1Patch.PatchType.ApplyPatch);

    /// <summary>An applied DaemonSet configuration (written with single quotes).</summary>
    private static string DaemonSet(string image, string labels = "{'app':'web'}") =>
        ("{'apiVersion':'apps/v1','kind':'DaemonSet','metadata':{'name':'ds','labels':" + labels + "},"
         + "'spec':{'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
         + "'spec':{'containers':[{'name':'main','image':'" + image + "'}]}}}}").Replace('\'', '"');

    [Fact]
    public async Task Apply_MissingObject_CreatesItOwnedByTheApplier()
    {
        var ns = await server.CreateNamespaceAsync();

        var ds = await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:1")), "ds", ns, fieldManager: "deployer");

        Assert.Equal("nginx:1", ds.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("IfNotPresent", ds.Spec.Template.Spec.Containers[0].ImagePullPolicy);
        var entry = Assert.Single(ds.Metadata.ManagedFields);
        Assert.Equal(("deployer", "Apply", "apps/v1", "FieldsV1"), (entry.Manager, entry.Operation, entry.ApiVersion, entry.FieldsType));
        var fields = System.Text.Json.JsonDocument.Parse(KubernetesJson.Serialize(entry.FieldsV1)).RootElement;
        Assert.True(fields.GetProperty("f:spec").GetProperty("f:template").GetProperty("f:spec").GetProperty("f:containers")
            .GetProperty("k:{\"name\":\"main\"}").TryGetProperty("f:image", out _));
    }

    [Fact]
    public async Task Reapply_WithoutALabel_RemovesIt()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:1", "{'app':'web','tier':'edge'}")), "ds", ns, fieldManager: "deployer");

        var ds = await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:2")), "ds", ns, fieldManager: "deployer");

        Assert.Equal(["app"], ds.Metadata.Labels.Keys);
        Assert.Equal("nginx:2", ds.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal(2, ds.Metadata.Generation);
    }

    [Fact]
    public async Task Apply_FieldAnotherManagerChanged_Is409UntilForced()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:1")), "ds", ns, fieldManager: "deployer");
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(
            new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"main","image":"nginx:hotfix"}]}}}}""", V1Patch.PatchType.StrategicMergePatch),
            "ds", ns, fieldManager: "kubectl-set");

        var status = await ApiAssert.FailsAsync(HttpStatusCode.Conflict,
            () => Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:2")), "ds", ns, fieldManager: "deployer"));
        Assert.Equal("Conflict", status.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"kubectl-set\" using apps/v1: .spec.template.spec.containers[name=\"main\"].image", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal(("FieldManagerConflict", ".spec.template.spec.containers[name=\"main\"].image"), (cause.Reason, cause.Field));

        var forced = await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:2")), "ds", ns, fieldManager: "deployer", force: true);
        Assert.Equal("nginx:2", forced.Spec.Template.Spec.Containers[0].Image);
        Assert.DoesNotContain(forced.Metadata.ManagedFields, e => e.Manager == "kubectl-set" && KubernetesJson.Serialize(e.FieldsV1).Contains("image", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_SameValueAsAnotherManager_SharesOwnership()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:1")), "ds", ns, fieldManager: "first");

        var ds = await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:1")), "ds", ns, fieldManager: "second");

        Assert.Equal(["first", "second"], ds.Metadata.ManagedFields.Select(e => e.Manager).Order());
    }

    [Fact]
    public async Task Apply_DryRun_ChangesNothing()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:1")), "ds", ns, fieldManager: "deployer");

        var preview = await Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:2")), "ds", ns, dryRun: "All", fieldManager: "deployer");
        var stored = await Client.AppsV1.ReadNamespacedDaemonSetAsync("ds", ns);

        Assert.Equal("nginx:2", preview.Spec.Template.Spec.Containers[0].Image);
        Assert.Equal("nginx:1", stored.Spec.Template.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task Apply_WithoutFieldManager_IsUpstreams422()
    {
        var ns = await server.CreateNamespaceAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity,
            () => Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(DaemonSet("nginx:1")), "ds", ns));

        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch", status.Message);
        Assert.Equal(("meta.k8s.io", "PatchOptions"), (status.Details.Group, status.Details.Kind));
    }

    [Theory]
    [InlineData("""{"apiVersion":"apps/v2","kind":"DaemonSet","metadata":{"name":"ds"}}""", "Incorrect version specified in apply patch. Specified patch version: apps/v2, expected: apps/v1")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"other"}}""", "the name of the object (other) does not match the name on the URL (ds)")]
    [InlineData("""{"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"ds","managedFields":[{"manager":"x"}]}}""", "metadata.managedFields must be nil")]
    public async Task Apply_MalformedConfiguration_Is400(string body, string message)
    {
        var ns = await server.CreateNamespaceAsync();

        var status = await ApiAssert.FailsAsync(HttpStatusCode.BadRequest,
            () => Client.AppsV1.PatchNamespacedDaemonSetAsync(ApplyPatch(body), "ds", ns, fieldManager: "m"));

        Assert.Equal(message, status.Message);
    }

    [Fact]
    public async Task ForceOnAMergePatch_IsUpstreams422()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("ds"), ns);

        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity,
            () => Client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch("{}", V1Patch.PatchType.MergePatch), "ds", ns, force: true));

        Assert.Equal("PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for non-apply patch", status.Message);
    }
}
