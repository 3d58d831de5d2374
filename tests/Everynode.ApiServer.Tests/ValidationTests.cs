using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests;

/// <summary>Defaulting and validation: 422 Invalid with upstream's messages and causes.</summary>
public sealed class ValidationTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Fact]
    public async Task DaemonSet_SelectorNotMatchingTemplate_IsInvalidWithUpstreamMessage()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = Objects.DaemonSet("mismatch");
        ds.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.CreateNamespacedDaemonSetAsync(ds, ns));
        Assert.Equal("Invalid", status.Reason);
        Assert.Equal(
            "DaemonSet.apps \"mismatch\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`",
            status.Message);
        Assert.Equal("mismatch", status.Details.Name);
        Assert.Equal("apps", status.Details.Group);
        Assert.Equal("DaemonSet", status.Details.Kind);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("FieldValueInvalid", cause.Reason);
        Assert.Equal("spec.template.metadata.labels", cause.Field);
        Assert.Equal("Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`", cause.Message);
        await ApiAssert.FailsAsync(HttpStatusCode.NotFound, () => Client.AppsV1.ReadNamespacedDaemonSetAsync("mismatch", ns));
    }

    [Fact]
    public async Task Pod_WithoutContainers_IsInvalid()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = Objects.Pod("empty");
        pod.Spec.Containers = [];
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.CoreV1.CreateNamespacedPodAsync(pod, ns));
        Assert.Equal("Pod \"empty\" is invalid: spec.containers: Required value", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("FieldValueRequired", cause.Reason);
        Assert.Equal("spec.containers", cause.Field);
    }

    [Fact]
    public async Task Pod_WithDuplicateContainerNames_IsInvalid()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = Objects.Pod("dup");
        pod.Spec.Containers.Add(new V1Container { Name = "main", Image = "other:1" });
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.CoreV1.CreateNamespacedPodAsync(pod, ns));
        Assert.Equal("Pod \"dup\" is invalid: spec.containers[1].name: Duplicate value: \"main\"", status.Message);
        var cause = Assert.Single(status.Details.Causes);
        Assert.Equal("FieldValueDuplicate", cause.Reason);
        Assert.Equal("spec.containers[1].name", cause.Field);
    }

    [Fact]
    public async Task Object_WithInvalidName_IsInvalid()
    {
        var ns = await server.CreateNamespaceAsync();
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity,
            () => Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("Bad_Name"), ns));
        Assert.StartsWith("Pod \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\"", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaemonSet_SelectorIsImmutable()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("imm"), ns);
        ds.Spec.Selector.MatchLabels["app"] = "new";
        ds.Spec.Template.Metadata.Labels["app"] = "new";
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.ReplaceNamespacedDaemonSetAsync(ds, "imm", ns));
        Assert.Contains("spec.selector: Invalid value:", status.Message, StringComparison.Ordinal);
        Assert.Contains("field is immutable", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DaemonSet_Defaults_AreFilledIn()
    {
        var ns = await server.CreateNamespaceAsync();
        var ds = await Client.AppsV1.CreateNamespacedDaemonSetAsync(Objects.DaemonSet("defaults"), ns);
        Assert.Equal("RollingUpdate", ds.Spec.UpdateStrategy.Type);
        Assert.Equal("1", ds.Spec.UpdateStrategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("0", ds.Spec.UpdateStrategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal(10, ds.Spec.RevisionHistoryLimit);
        var podSpec = ds.Spec.Template.Spec;
        Assert.Equal("Always", podSpec.RestartPolicy);
        Assert.Equal("ClusterFirst", podSpec.DnsPolicy);
        Assert.Equal("default-scheduler", podSpec.SchedulerName);
        Assert.Equal(30, podSpec.TerminationGracePeriodSeconds);
        Assert.Equal("IfNotPresent", podSpec.Containers[0].ImagePullPolicy);
        Assert.Equal("/dev/termination-log", podSpec.Containers[0].TerminationMessagePath);
        Assert.Equal("File", podSpec.Containers[0].TerminationMessagePolicy);
    }

    [Fact]
    public async Task Pod_LatestImage_DefaultsToPullAlways()
    {
        var ns = await server.CreateNamespaceAsync();
        var pod = Objects.Pod("latest");
        pod.Spec.Containers[0].Image = "nginx";
        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        Assert.Equal("Always", created.Spec.Containers[0].ImagePullPolicy);
        Assert.Equal("BestEffort", created.Status.QosClass);
    }
}
