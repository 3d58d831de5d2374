using System.Text.Json.Nodes;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Pods;

/// <summary>The everyday kubectl verbs on pods: label, annotate, the three patch types, selectors, delete.</summary>
[Collection(SharedServerDefinition.Name)]
public sealed class PodVerbTests(SharedServerFixture fixture)
{
    private Kubectl Kubectl => fixture.Kubectl;

    [Fact]
    public async Task LabelAnnotateAndEveryPatchType_AreVisibleInGetJson()
    {
        var ns = await fixture.CreateNamespaceAsync("pod-verbs");
        (await Kubectl.ApplyAsync(Manifests.Pod(ns, "web", "{app: web}"))).EnsureSuccess();

        Assert.Equal("pod/web labeled", (await Kubectl.SucceedAsync("label", "pod", "web", "-n", ns, "tier=frontend")).Stdout.Trim());
        Assert.Equal("pod/web annotated", (await Kubectl.SucceedAsync("annotate", "pod", "web", "-n", ns, "owner=team-a")).Stdout.Trim());
        var refused = await Kubectl.RunAsync("label", "pod", "web", "-n", ns, "tier=backend");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("'tier' already has a value (frontend), and --overwrite is false", refused.Stderr, StringComparison.Ordinal);
        await Kubectl.SucceedAsync("label", "pod", "web", "-n", ns, "tier=backend", "--overwrite");
        Assert.Equal("pod/web patched", (await Kubectl.SucceedAsync("patch", "pod", "web", "-n", ns, "--type", "merge", "-p", """{"metadata":{"labels":{"merge":"yes"}}}""")).Stdout.Trim());
        await Kubectl.SucceedAsync("patch", "pod", "web", "-n", ns, "--type", "json", "-p", """[{"op":"add","path":"/metadata/annotations/json","value":"yes"}]""");
        await Kubectl.SucceedAsync("patch", "pod", "web", "-n", ns, "-p", """{"spec":{"containers":[{"name":"main","image":"busybox:1.37"}]}}""");
        await Kubectl.SucceedAsync("label", "pod", "web", "-n", ns, "app-");

        var pod = JsonNode.Parse((await Kubectl.SucceedAsync("get", "pod", "web", "-n", ns, "-o", "json")).Stdout)!;
        Assert.Equal("Pod", (string?)pod["kind"]);
        var labels = pod["metadata"]!["labels"]!.AsObject();
        Assert.Equal(["merge", "tier"], labels.Select(l => l.Key).Order(StringComparer.Ordinal));
        Assert.Equal("backend", (string?)labels["tier"]);
        Assert.Equal("team-a", (string?)pod["metadata"]!["annotations"]!["owner"]);
        Assert.Equal("yes", (string?)pod["metadata"]!["annotations"]!["json"]);
        var container = Assert.Single(pod["spec"]!["containers"]!.AsArray())!;
        Assert.Equal("main", (string?)container["name"]);
        Assert.Equal("busybox:1.37", (string?)container["image"]);
    }

    [Fact]
    public async Task GetWithLabelAndFieldSelectors_ListsOnlyTheMatchingPods()
    {
        var ns = await fixture.CreateNamespaceAsync("pod-selectors");
        foreach (var (name, tier) in new[] { ("web-1", "web"), ("web-2", "web"), ("db-1", "db") })
        {
            (await Kubectl.ApplyAsync(Manifests.Pod(ns, name, $"{{tier: {tier}}}"))).EnsureSuccess();
        }

        Assert.Equal(["pod/web-1", "pod/web-2"], await NamesAsync(ns, "-l", "tier=web"));
        Assert.Equal(["pod/db-1"], await NamesAsync(ns, "-l", "tier!=web"));
        Assert.Equal(["pod/db-1", "pod/web-1", "pod/web-2"], await NamesAsync(ns, "-l", "tier in (web,db)"));
        Assert.Equal(["pod/web-2"], await NamesAsync(ns, "--field-selector", "metadata.name=web-2"));
        Assert.Equal(["pod/db-1", "pod/web-1"], await NamesAsync(ns, "--field-selector", "metadata.name!=web-2"));
        Assert.Equal(["pod/web-1"], await NamesAsync(ns, "-l", "tier=web", "--field-selector", "metadata.name!=web-2"));
        Assert.Equal(["pod/db-1", "pod/web-1", "pod/web-2"], await NamesAsync(ns, "--field-selector", "spec.nodeName="));

        var none = await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-l", "tier=cache");
        Assert.Equal($"No resources found in {ns} namespace.", none.Stderr.Trim());
        var unknown = await Kubectl.RunAsync("get", "pods", "-n", ns, "--field-selector", "spec.color=red");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("field label not supported: spec.color", unknown.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletingAPod_ThenGet_ReportsNotFound()
    {
        var ns = await fixture.CreateNamespaceAsync("pod-delete");
        (await Kubectl.ApplyAsync(Manifests.Pod(ns, "doomed"))).EnsureSuccess();

        Assert.Equal("pod \"doomed\" deleted", (await Kubectl.SucceedAsync("delete", "pod", "doomed", "-n", ns)).Stdout.Trim());

        var get = await Kubectl.RunAsync("get", "pod", "doomed", "-n", ns);
        Assert.Equal(1, get.ExitCode);
        Assert.Equal("Error from server (NotFound): pods \"doomed\" not found", get.Stderr.Trim());
    }

    private async Task<string[]> NamesAsync(string ns, params string[] selector)
    {
        var result = await Kubectl.SucceedAsync(["get", "pods", "-n", ns, "-o", "name", .. selector]);
        return [.. result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal)];
    }
}
