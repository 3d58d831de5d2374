using Everynode.E2E.Tests.Harness;

// Not "...Kubectl": a namespace of that name would hide the Harness.Kubectl type from the other test folders.
namespace Everynode.E2E.Tests.KubectlParity;

/// <summary>
/// What the real kubectl does once the server serves aggregated discovery and OpenAPI v3: apply and create validate
/// by default (no --validate=false), unknown fields are refused by the server, explain prints field docs, and
/// api-resources, api-versions and cluster-info work.
/// </summary>
[Collection(SharedServerDefinition.Name)]
public sealed class DiscoveryAndOpenApiTests(SharedServerFixture fixture)
{
    private Kubectl Kubectl => fixture.Kubectl;

    private Task<CommandResult> ApplyValidatedAsync(string manifest) => Kubectl.RunAsync(["apply", "-f", "-"], manifest);

    [Fact]
    public async Task ApplyWithDefaultValidation_CreatesThenConfiguresANamespaceAndADaemonSet()
    {
        const string ns = "validated-apply";
        Assert.Equal($"namespace/{ns} created", (await ApplyValidatedAsync(Manifests.Namespace(ns))).EnsureSuccess().Stdout.Trim());
        Assert.Equal("daemonset.apps/fluentd created", (await ApplyValidatedAsync(Manifests.FluentdDaemonSet(ns, "fluentd"))).EnsureSuccess().Stdout.Trim());

        var changed = Manifests.FluentdDaemonSet(ns, "fluentd", image: "quay.io/fluentd_elasticsearch/fluentd:v2.6.0");
        var configured = (await ApplyValidatedAsync(changed)).EnsureSuccess();
        Assert.Equal("daemonset.apps/fluentd configured", configured.Stdout.Trim());
        Assert.DoesNotContain("error calculating patch", configured.Stderr, StringComparison.Ordinal);
        var image = (await Kubectl.SucceedAsync("get", "ds", "fluentd", "-n", ns, "-o", "jsonpath={.spec.template.spec.containers[0].image}")).Stdout;
        Assert.Equal("quay.io/fluentd_elasticsearch/fluentd:v2.6.0", image);
    }

    [Fact]
    public async Task AManifestWithAnUnknownField_IsRefusedWithKubectlsStrictValidationError()
    {
        var ns = await fixture.CreateNamespaceAsync("strict");
        var manifest = Manifests.FluentdDaemonSet(ns, "typo").Replace("  selector:", "  selecter: {}\n  selector:", StringComparison.Ordinal);

        var result = await ApplyValidatedAsync(manifest);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(
            "Error from server (BadRequest): error when creating \"STDIN\": DaemonSet in version \"v1\" cannot be handled as a DaemonSet: strict decoding error: unknown field \"spec.selecter\"",
            result.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await Kubectl.RunAsync("get", "ds", "typo", "-n", ns)).ExitCode);
    }

    [Fact]
    public async Task WarnValidation_CreatesTheObjectAndPrintsTheWarning()
    {
        var ns = await fixture.CreateNamespaceAsync("warn");
        var manifest = Manifests.FluentdDaemonSet(ns, "warned").Replace("  selector:", "  selecter: {}\n  selector:", StringComparison.Ordinal);

        var result = (await Kubectl.RunAsync(["create", "--validate=warn", "-f", "-"], manifest)).EnsureSuccess();

        Assert.Contains("Warning: unknown field \"spec.selecter\"", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_PrintsTheFieldDescriptions()
    {
        var result = (await Kubectl.SucceedAsync("explain", "daemonset.spec.updateStrategy.rollingUpdate")).Stdout;

        Assert.Contains("KIND:       DaemonSet", result, StringComparison.Ordinal);
        Assert.Contains("Spec to control the desired behavior of daemon set rolling update.", result, StringComparison.Ordinal);
        Assert.Contains("maxSurge", result, StringComparison.Ordinal);
        Assert.Contains("maxUnavailable", result, StringComparison.Ordinal);
        Assert.Contains("The maximum number of DaemonSet pods that can be unavailable during the", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiResources_ShowsShortNamesAndServices()
    {
        var lines = (await Kubectl.SucceedAsync("api-resources", "--no-headers")).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => f[0] + "." + f[^3], f => f);

        Assert.Equal("ds", lines["daemonsets.apps/v1"][1]);
        Assert.Equal("po", lines["pods.v1"][1]);
        Assert.Equal("svc", lines["services.v1"][1]);
        Assert.Equal("ns", lines["namespaces.v1"][1]);
        Assert.Equal("Lease", lines["leases.coordination.k8s.io/v1"][^1]);
    }

    [Fact]
    public async Task ApiVersions_ListsEveryServedGroupVersion()
    {
        var versions = (await Kubectl.SucceedAsync("api-versions")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(["apps/v1", "authentication.k8s.io/v1", "authorization.k8s.io/v1", "coordination.k8s.io/v1", "policy/v1", "rbac.authorization.k8s.io/v1", "v1"], versions);
    }

    [Fact]
    public async Task ClusterInfo_NamesTheControlPlane()
    {
        var result = (await Kubectl.SucceedAsync("cluster-info")).Stdout;

        Assert.Contains($"Kubernetes control plane is running at {fixture.Server.Url.ToString().TrimEnd('/')}", result, StringComparison.Ordinal);
    }
}
