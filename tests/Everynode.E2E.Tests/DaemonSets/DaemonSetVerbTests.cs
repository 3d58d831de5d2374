using System.Text.Json.Nodes;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.DaemonSets;

/// <summary>The everyday kubectl verbs on DaemonSets: label, annotate, patch, list across namespaces, delete.</summary>
[Collection(SharedServerDefinition.Name)]
public sealed class DaemonSetVerbTests(SharedServerFixture fixture)
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task LabelAnnotateAndEveryPatchType_OnADaemonSet_AreVisibleInGetJson()
    {
        var ns = await fixture.CreateNamespaceAsync("ds-verbs");
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(ns, "fluentd"))).EnsureSuccess();

        Assert.Equal("daemonset.apps/fluentd labeled", (await Kubectl.SucceedAsync("label", "ds", "fluentd", "-n", ns, "tier=logging")).Stdout.Trim());
        Assert.Equal("daemonset.apps/fluentd annotated", (await Kubectl.SucceedAsync("annotate", "ds", "fluentd", "-n", ns, "owner=team-a")).Stdout.Trim());
        await Kubectl.SucceedAsync("patch", "ds", "fluentd", "-n", ns, "--type", "merge", "-p", """{"spec":{"minReadySeconds":5}}""");
        await Kubectl.SucceedAsync("patch", "ds", "fluentd", "-n", ns, "--type", "json", "-p", """[{"op":"replace","path":"/spec/revisionHistoryLimit","value":3}]""");
        // Strategic merge: the container list merges by name, so the sidecar stays.
        await Kubectl.SucceedAsync("patch", "ds", "fluentd", "-n", ns, "-p", """{"spec":{"template":{"spec":{"containers":[{"name":"fluentd-elasticsearch","image":"fluentd:v3"}]}}}}""");

        var ds = JsonNode.Parse((await Kubectl.SucceedAsync("get", "ds", "fluentd", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Equal("logging", (string?)ds["metadata"]!["labels"]!["tier"]);
        Assert.Equal("fluentd-logging", (string?)ds["metadata"]!["labels"]!["k8s-app"]);
        Assert.Equal("team-a", (string?)ds["metadata"]!["annotations"]!["owner"]);
        Assert.Equal(5, (int?)ds["spec"]!["minReadySeconds"]);
        Assert.Equal(3, (int?)ds["spec"]!["revisionHistoryLimit"]);
        var containers = ds["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["fluentd-elasticsearch", "log-shipper"], containers.Select(c => (string?)c!["name"]));
        Assert.Equal("fluentd:v3", (string?)containers[0]!["image"]);
        Assert.Equal("busybox:latest", (string?)containers[1]!["image"]);
        // Only the template change is a new template generation; label, annotate and the other spec patches bump generation only when spec changes.
        Assert.Equal(4, (int?)ds["metadata"]!["generation"]);
        Assert.Equal("2", (string?)ds["metadata"]!["annotations"]!["deprecated.daemonset.template.generation"]);
    }

    [Fact]
    public async Task GetDaemonSetsAcrossAllNamespaces_ListsEachWithItsNamespace()
    {
        var first = await fixture.CreateNamespaceAsync("ds-all");
        var second = await fixture.CreateNamespaceAsync("ds-all");
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(first, "agent-a"))).EnsureSuccess();
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(second, "agent-b"))).EnsureSuccess();

        var rows = (await Kubectl.SucceedAsync("get", "ds", "-A")).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();

        Assert.Equal("NAMESPACE", rows[0][0]);
        Assert.Equal("NAME", rows[0][1]);
        Assert.Contains(rows, r => r[0] == first && r[1] == "agent-a");
        Assert.Contains(rows, r => r[0] == second && r[1] == "agent-b");
        var labeled = await Kubectl.SucceedAsync("get", "ds", "-A", "-l", "k8s-app=fluentd-logging", "-o", "name");
        Assert.Contains("daemonset.apps/agent-a", labeled.Stdout, StringComparison.Ordinal);
        Assert.Contains("daemonset.apps/agent-b", labeled.Stdout, StringComparison.Ordinal);
        var byName = await Kubectl.SucceedAsync("get", "ds", "-A", "--field-selector", $"metadata.namespace={second}", "-o", "name");
        Assert.Equal("daemonset.apps/agent-b", byName.Stdout.Trim());
    }

    [Fact]
    public async Task DeletingADaemonSet_ThenGet_ReportsNotFound()
    {
        var ns = await fixture.CreateNamespaceAsync("ds-delete");
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(ns, "fluentd"))).EnsureSuccess();

        var deleted = await Kubectl.SucceedAsync("delete", "ds", "fluentd", "-n", ns);
        Assert.Equal("daemonset.apps \"fluentd\" deleted", deleted.Stdout.Trim());

        var get = await Kubectl.RunAsync("get", "ds", "fluentd", "-n", ns);
        Assert.Equal(1, get.ExitCode);
        Assert.Equal("Error from server (NotFound): daemonsets.apps \"fluentd\" not found", get.Stderr.Trim());
        var again = await Kubectl.RunAsync("delete", "ds", "fluentd", "-n", ns);
        Assert.Equal("Error from server (NotFound): daemonsets.apps \"fluentd\" not found", again.Stderr.Trim());
    }
}
