using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests.Workloads;

/// <summary>apps/v1 Deployments and ReplicaSets: defaults, validation, generation, and the scale subresource.</summary>
public sealed class DeploymentApiTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    internal static V1Deployment Deployment(string name, int? replicas = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "busybox:1.36" }] },
            },
        },
    };

    [Fact]
    public async Task Create_Deployment_GetsUpstreamDefaults()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web"), ns);
        Assert.Equal(1, created.Spec.Replicas);
        Assert.Equal("RollingUpdate", created.Spec.Strategy.Type);
        Assert.Equal("25%", created.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal("25%", created.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal(10, created.Spec.RevisionHistoryLimit);
        Assert.Equal(600, created.Spec.ProgressDeadlineSeconds);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal("Always", created.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public async Task Create_ReplicaSet_DefaultsOneReplica()
    {
        var ns = await server.CreateNamespaceAsync();
        var d = Deployment("rs");
        var rs = new V1ReplicaSet { Metadata = d.Metadata, Spec = new V1ReplicaSetSpec { Selector = d.Spec.Selector, Template = d.Spec.Template } };
        var created = await Client.AppsV1.CreateNamespacedReplicaSetAsync(rs, ns);
        Assert.Equal(1, created.Spec.Replicas);
        Assert.Equal(0, created.Status.Replicas);
    }

    [Fact]
    public async Task Create_DeploymentWithZeroSurgeAndUnavailable_IsInvalidWithUpstreamMessage()
    {
        var ns = await server.CreateNamespaceAsync();
        var d = Deployment("zero");
        d.Spec.Strategy = new V1DeploymentStrategy
        {
            Type = "RollingUpdate",
            RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 0, MaxUnavailable = "0%" },
        };
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.CreateNamespacedDeploymentAsync(d, ns));
        Assert.Equal("Deployment.apps \"zero\" is invalid: spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0%: may not be 0 when `maxSurge` is 0", status.Message);
    }

    [Fact]
    public async Task Create_RecreateWithRollingUpdate_IsForbidden()
    {
        var ns = await server.CreateNamespaceAsync();
        var d = Deployment("recreate");
        d.Spec.Strategy = new V1DeploymentStrategy { Type = "Recreate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1 } };
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.CreateNamespacedDeploymentAsync(d, ns));
        Assert.Equal("Deployment.apps \"recreate\" is invalid: spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'", status.Message);
    }

    [Fact]
    public async Task Update_Selector_IsImmutable()
    {
        var ns = await server.CreateNamespaceAsync();
        var created = await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("sel"), ns);
        created.Spec.Selector.MatchLabels["tier"] = "x";
        created.Spec.Template.Metadata.Labels["tier"] = "x";
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.ReplaceNamespacedDeploymentAsync(created, "sel", ns));
        Assert.Equal("Deployment.apps \"sel\" is invalid: spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: sel,tier: x,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable", status.Message);
    }

    [Fact]
    public async Task Scale_GetPatchAndPut_ChangeSpecReplicasAndGeneration()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 3), ns);
        var scale = await Client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", ns);
        Assert.Equal("Scale", scale.Kind);
        Assert.Equal("autoscaling/v1", scale.ApiVersion);
        Assert.Equal(3, scale.Spec.Replicas);
        Assert.Equal("app=web", scale.Status.Selector);

        var patched = await Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":5}}", V1Patch.PatchType.MergePatch), "web", ns);
        Assert.Equal(5, patched.Spec.Replicas);
        var deployment = await Client.AppsV1.ReadNamespacedDeploymentAsync("web", ns);
        Assert.Equal(5, deployment.Spec.Replicas);
        Assert.Equal(2, deployment.Metadata.Generation);

        patched.Spec.Replicas = 2;
        var replaced = await Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(patched, "web", ns);
        Assert.Equal(2, replaced.Spec.Replicas);

        // A stale resourceVersion in the Scale is a conflict, as upstream's precondition.
        patched.Spec.Replicas = 7;
        await ApiAssert.FailsAsync(HttpStatusCode.Conflict, () => Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(patched, "web", ns));
    }

    [Fact]
    public async Task Scale_NegativeReplicas_IsInvalidScale()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("neg"), ns);
        var status = await ApiAssert.FailsAsync(HttpStatusCode.UnprocessableEntity, () => Client.AppsV1.PatchNamespacedDeploymentScaleAsync(
            new V1Patch("{\"spec\":{\"replicas\":-1}}", V1Patch.PatchType.MergePatch), "neg", ns));
        Assert.Equal("Scale.autoscaling \"neg\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0", status.Message);
    }

    [Fact]
    public async Task Table_Deployment_ShowsReadyOfDesired()
    {
        var ns = await server.CreateNamespaceAsync();
        await Client.AppsV1.CreateNamespacedDeploymentAsync(Deployment("web", 3), ns);
        using var request = server.AuthorizedRequest(HttpMethod.Get, $"/apis/apps/v1/namespaces/{ns}/deployments");
        request.Headers.Add("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io");
        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\"cells\":[\"web\",\"0/3\",0,0,", body, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"Up-to-date\"", body, StringComparison.Ordinal);
    }
}
