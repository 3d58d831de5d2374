using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.DaemonSets;

/// <summary><c>kubectl apply</c> of DaemonSets: upstream's defaults, client-side apply updates, validation errors.</summary>
[Collection(SharedServerDefinition.Name)]
public sealed class DaemonSetApplyTests(SharedServerFixture fixture)
{
    private const string TemplateGeneration = "deprecated.daemonset.template.generation";

    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task ApplyingNamespaceAndDaemonSetManifests_GetShowsUpstreamDefaults()
    {
        const string ns = "logging-defaults";
        var created = (await Kubectl.ApplyAsync(Manifests.Namespace(ns))).EnsureSuccess();
        Assert.Equal($"namespace/{ns} created", created.Stdout.Trim());
        var applied = (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(ns, "fluentd"))).EnsureSuccess();
        Assert.Equal("daemonset.apps/fluentd created", applied.Stdout.Trim());

        var ds = YamlTree.Parse((await Kubectl.SucceedAsync("get", "ds", "fluentd", "-n", ns, "-o", "yaml")).Stdout);

        Assert.Equal("apps/v1", ds.Scalar("apiVersion"));
        Assert.Equal("DaemonSet", ds.Scalar("kind"));
        Assert.Equal("1", ds.Scalar("metadata.generation"));
        Assert.Equal("1", ds.Map("metadata.annotations")[TemplateGeneration]);
        Assert.True(ds.Map("metadata.annotations").ContainsKey("kubectl.kubernetes.io/last-applied-configuration"));
        Assert.Equal("RollingUpdate", ds.Scalar("spec.updateStrategy.type"));
        Assert.Equal("1", ds.Scalar("spec.updateStrategy.rollingUpdate.maxUnavailable"));
        Assert.Equal("0", ds.Scalar("spec.updateStrategy.rollingUpdate.maxSurge"));
        Assert.Equal("10", ds.Scalar("spec.revisionHistoryLimit"));

        Assert.Equal("ClusterFirst", ds.Scalar("spec.template.spec.dnsPolicy"));
        Assert.Equal("Always", ds.Scalar("spec.template.spec.restartPolicy"));
        Assert.Equal("default-scheduler", ds.Scalar("spec.template.spec.schedulerName"));
        Assert.Equal("30", ds.Scalar("spec.template.spec.terminationGracePeriodSeconds"));
        Assert.Empty(ds.Map("spec.template.spec.securityContext"));
        Assert.Equal("IfNotPresent", ds.Scalar("spec.template.spec.containers.0.imagePullPolicy"));
        Assert.Equal("Always", ds.Scalar("spec.template.spec.containers.1.imagePullPolicy"));
        foreach (var container in new[] { 0, 1 })
        {
            Assert.Equal("/dev/termination-log", ds.Scalar($"spec.template.spec.containers.{container}.terminationMessagePath"));
            Assert.Equal("File", ds.Scalar($"spec.template.spec.containers.{container}.terminationMessagePolicy"));
        }

        Assert.Equal("", ds.Scalar("spec.template.spec.volumes.0.hostPath.type"));
        Assert.Equal("/var/log", ds.Scalar("spec.template.spec.volumes.0.hostPath.path"));
        Assert.Equal("100m", ds.Scalar("spec.template.spec.containers.0.resources.requests.cpu"));
        Assert.Equal("Exists", ds.Scalar("spec.template.spec.tolerations.0.operator"));
    }

    [Fact]
    public async Task ReapplyingWithANewImage_BumpsGenerationOnce_AndReapplyingAgainChangesNothing()
    {
        var ns = await fixture.CreateNamespaceAsync("reapply");
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(ns, "fluentd"))).EnsureSuccess();
        var changed = Manifests.FluentdDaemonSet(ns, "fluentd", image: "quay.io/fluentd_elasticsearch/fluentd:v2.6.0");

        var configured = (await Kubectl.ApplyAsync(changed)).EnsureSuccess();
        Assert.Equal("daemonset.apps/fluentd configured", configured.Stdout.Trim());
        var updated = YamlTree.Parse((await Kubectl.SucceedAsync("get", "ds", "fluentd", "-n", ns, "-o", "yaml")).Stdout);
        Assert.Equal("2", updated.Scalar("metadata.generation"));
        Assert.Equal("2", updated.Map("metadata.annotations")[TemplateGeneration]);
        Assert.Equal("quay.io/fluentd_elasticsearch/fluentd:v2.6.0", updated.Scalar("spec.template.spec.containers.0.image"));
        Assert.Equal("busybox:latest", updated.Scalar("spec.template.spec.containers.1.image"));

        var unchanged = (await Kubectl.ApplyAsync(changed)).EnsureSuccess();
        Assert.Equal("daemonset.apps/fluentd unchanged", unchanged.Stdout.Trim());
        var again = YamlTree.Parse((await Kubectl.SucceedAsync("get", "ds", "fluentd", "-n", ns, "-o", "yaml")).Stdout);
        Assert.Equal(updated.Scalar("metadata.resourceVersion"), again.Scalar("metadata.resourceVersion"));
        Assert.Equal("2", again.Scalar("metadata.generation"));
    }

    [Fact]
    public async Task ApplyingADaemonSetWhoseSelectorMissesItsTemplate_IsRefusedWithUpstreamsMessage()
    {
        var ns = await fixture.CreateNamespaceAsync("mismatch");

        var result = await Kubectl.ApplyAsync(Manifests.MismatchedDaemonSet(ns, "strays"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(
            "The DaemonSet \"strays\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`",
            result.Stderr, StringComparison.Ordinal);
        var get = await Kubectl.RunAsync("get", "ds", "strays", "-n", ns);
        Assert.Equal("Error from server (NotFound): daemonsets.apps \"strays\" not found", get.Stderr.Trim());
    }
}
