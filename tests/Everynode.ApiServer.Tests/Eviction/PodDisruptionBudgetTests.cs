using System.Net;
using Everynode.ApiServer.Tests.Infrastructure;
using k8s;
using k8s.Models;

namespace Everynode.ApiServer.Tests.Eviction;

/// <summary>policy/v1 PodDisruptionBudget validation and life cycle, and the default tolerations pods get at admission.</summary>
public sealed class PodDisruptionBudgetTests(ApiServerFixture server) : IClassFixture<ApiServerFixture>
{
    private Kubernetes Client => server.Client;

    [Theory]
    [InlineData("-1", null, "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData(null, "120%", "spec.maxUnavailable: Invalid value: 120%: must not be greater than 100%")]
    [InlineData("x", null, "spec.minAvailable: Invalid value: x: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    public async Task Create_BadBound_IsInvalid(string? minAvailable, string? maxUnavailable, string expected)
    {
        var ns = await server.CreateNamespaceAsync("pdb");
        var status = await ApiAssert.FailsAsync((HttpStatusCode)422, () => Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget("bad", minAvailable, maxUnavailable), ns));
        Assert.Equal($"PodDisruptionBudget.policy \"bad\" is invalid: {expected}", status.Message);
    }

    [Fact]
    public async Task Create_BothBounds_IsInvalid()
    {
        var ns = await server.CreateNamespaceAsync("pdb");
        var status = await ApiAssert.FailsAsync((HttpStatusCode)422, () => Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(Budget("both", "1", "1"), ns));
        Assert.EndsWith(": minAvailable and maxUnavailable cannot be both set", status.Message);
        Assert.Equal("spec", Assert.Single(status.Details.Causes).Field);
    }

    [Fact]
    public async Task Create_UnknownEvictionPolicy_IsNotSupported()
    {
        var ns = await server.CreateNamespaceAsync("pdb");
        var pdb = Budget("policy", "1", null);
        pdb.Spec.UnhealthyPodEvictionPolicy = "Sometimes";
        var status = await ApiAssert.FailsAsync((HttpStatusCode)422, () => Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(pdb, ns));
        Assert.Equal("PodDisruptionBudget.policy \"policy\" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: \"Sometimes\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"", status.Message);
    }

    [Fact]
    public async Task Create_ClearsStatus_SpecChangeBumpsGeneration_StatusWriteKeepsSpec()
    {
        var ns = await server.CreateNamespaceAsync("pdb");
        var given = Budget("gen", "1", null);
        given.Status = new V1PodDisruptionBudgetStatus { DisruptionsAllowed = 7 };
        var created = await Client.PolicyV1.CreateNamespacedPodDisruptionBudgetAsync(given, ns);
        Assert.Equal(1, created.Metadata.Generation);
        Assert.Equal(0, created.Status.DisruptionsAllowed);

        created.Spec.MinAvailable = 2;
        var updated = await Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetAsync(created, "gen", ns);
        Assert.Equal(2, updated.Metadata.Generation);

        updated.Spec.MinAvailable = 5;
        updated.Status.DisruptionsAllowed = 3;
        var status = await Client.PolicyV1.ReplaceNamespacedPodDisruptionBudgetStatusAsync(updated, "gen", ns);
        Assert.Equal(("2", 3), (status.Spec.MinAvailable.Value, status.Status.DisruptionsAllowed));
    }

    [Fact]
    public async Task CreatePod_WithoutNodeTolerations_GetsThe300SecondDefaults()
    {
        var ns = await server.CreateNamespaceAsync("tol");
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Objects.Pod("plain"), ns);
        Assert.Equal(
            ["node.kubernetes.io/not-ready:NoExecute:Exists:300", "node.kubernetes.io/unreachable:NoExecute:Exists:300"],
            pod.Spec.Tolerations.Select(t => $"{t.Key}:{t.Effect}:{t.OperatorProperty}:{t.TolerationSeconds}"));
    }

    [Fact]
    public async Task CreatePod_WithItsOwnNotReadyToleration_GetsOnlyTheUnreachableDefault()
    {
        var ns = await server.CreateNamespaceAsync("tol");
        var pod = Objects.Pod("own");
        pod.Spec.Tolerations = [new V1Toleration { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = 10 }];
        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        Assert.Equal(["node.kubernetes.io/not-ready:10", "node.kubernetes.io/unreachable:300"], created.Spec.Tolerations.Select(t => $"{t.Key}:{t.TolerationSeconds}"));
    }

    [Fact]
    public async Task CreatePod_ToleratingEverything_GetsNoDefaults()
    {
        var ns = await server.CreateNamespaceAsync("tol");
        var pod = Objects.Pod("all");
        pod.Spec.Tolerations = [new V1Toleration { OperatorProperty = "Exists" }];
        var created = await Client.CoreV1.CreateNamespacedPodAsync(pod, ns);
        Assert.Single(created.Spec.Tolerations);
    }

    private static V1PodDisruptionBudget Budget(string name, string? minAvailable, string? maxUnavailable) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodDisruptionBudgetSpec
        {
            MinAvailable = minAvailable is null ? null : (IntOrString)minAvailable,
            MaxUnavailable = maxUnavailable is null ? null : (IntOrString)maxUnavailable,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
        },
    };
}
