using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Apply;

/// <summary>
/// <c>kubectl apply --server-side</c>, its conflicts and <c>--force-conflicts</c>, server dry runs, <c>kubectl diff</c>
/// and the client-side to server-side migration, with the dispatcher's client (1.32), the newest installed client and
/// the oldest whose apply validates against OpenAPI v3 (1.29; kubectl 1.27 and 1.28 validate against /openapi/v2,
/// which Everynode does not serve).
/// </summary>
[Collection(SharedServerDefinition.Name)]
public sealed class ServerSideApplyTests(SharedServerFixture fixture)
{
    private const string Container = "fluentd-elasticsearch";

    public static TheoryData<string> Clients => ["", "1.29", "1.33"];

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task ApplyServerSide_CreatesReappliesConflictsAndForces(string client)
    {
        var kubectl = fixture.Kubectl.Client(client);
        var ns = await fixture.CreateNamespaceAsync("ssa");
        Task<CommandResult> ApplyAsync(string image, params string[] flags) =>
            kubectl.RunAsync(["apply", "--server-side", .. flags, "-f", "-"], Manifests.FluentdDaemonSet(ns, "fluentd", image));

        Assert.Equal("daemonset.apps/fluentd serverside-applied", (await ApplyAsync("fluentd:v1")).EnsureSuccess().Stdout.Trim());
        Assert.Equal("daemonset.apps/fluentd serverside-applied", (await ApplyAsync("fluentd:v2")).EnsureSuccess().Stdout.Trim());
        Assert.Equal("fluentd:v2", await ImageAsync(kubectl, ns));

        (await kubectl.RunAsync("set", "image", "ds/fluentd", $"{Container}=fluentd:hotfix", "-n", ns)).EnsureSuccess();
        var conflict = await ApplyAsync("fluentd:v3");
        Assert.Equal(1, conflict.ExitCode);
        Assert.StartsWith(
            $"error: Apply failed with 1 conflict: conflict with \"kubectl-set\" using apps/v1: .spec.template.spec.containers[name=\"{Container}\"].image\n"
            + "Please review the fields above--they currently have other managers. Here\n"
            + "are the ways you can resolve this warning:\n"
            + "* If you intend to manage all of these fields, please re-run the apply\n"
            + "  command with the `--force-conflicts` flag.",
            conflict.Stderr, StringComparison.Ordinal);
        Assert.Equal("fluentd:hotfix", await ImageAsync(kubectl, ns));

        (await ApplyAsync("fluentd:v3", "--force-conflicts")).EnsureSuccess();
        Assert.Equal("fluentd:v3", await ImageAsync(kubectl, ns));
        var managed = (await kubectl.RunAsync("get", "ds", "fluentd", "-n", ns, "-o", "yaml", "--show-managed-fields")).EnsureSuccess().Stdout;
        Assert.Contains("manager: kubectl\n    operation: Apply", managed, StringComparison.Ordinal);
        Assert.DoesNotContain("managedFields", (await kubectl.RunAsync("get", "ds", "fluentd", "-n", ns, "-o", "yaml")).EnsureSuccess().Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task ServerDryRunAndDiff_ShowTheChangeWithoutMakingIt(string client)
    {
        var kubectl = fixture.Kubectl.Client(client);
        var ns = await fixture.CreateNamespaceAsync("ssa-diff");
        (await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], Manifests.FluentdDaemonSet(ns, "fluentd", "fluentd:v1"))).EnsureSuccess();
        var changed = Manifests.FluentdDaemonSet(ns, "fluentd", "fluentd:v2");

        var dryRun = (await kubectl.RunAsync(["apply", "--server-side", "--dry-run=server", "-f", "-"], changed)).EnsureSuccess();
        Assert.Equal("daemonset.apps/fluentd serverside-applied (server dry run)", dryRun.Stdout.Trim());

        foreach (var mode in (string[][])[["diff", "--server-side"], ["diff"]])
        {
            var diff = await kubectl.RunAsync([.. mode, "-f", "-"], changed);
            Assert.True(diff.ExitCode == 1, diff.ToString());
            Assert.Contains("-      - image: fluentd:v1", diff.Stdout, StringComparison.Ordinal);
            Assert.Contains("+      - image: fluentd:v2", diff.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(0, (await kubectl.RunAsync(["diff", "--server-side", "-f", "-"], Manifests.FluentdDaemonSet(ns, "fluentd", "fluentd:v1"))).ExitCode);
        Assert.Equal("fluentd:v1", await ImageAsync(kubectl, ns));
    }

    [Theory]
    [MemberData(nameof(Clients))]
    public async Task ClientSideThenServerSideApply_MigratesWithoutConflict(string client)
    {
        var kubectl = fixture.Kubectl.Client(client);
        var ns = await fixture.CreateNamespaceAsync("ssa-migrate");
        var manifest = Manifests.FluentdDaemonSet(ns, "fluentd", "fluentd:v1");
        (await kubectl.RunAsync(["apply", "-f", "-"], manifest)).EnsureSuccess();

        var result = (await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], manifest)).EnsureSuccess();

        Assert.Equal("daemonset.apps/fluentd serverside-applied", result.Stdout.Trim());
        var managed = (await kubectl.RunAsync("get", "ds", "fluentd", "-n", ns, "-o", "yaml", "--show-managed-fields")).EnsureSuccess().Stdout;
        Assert.Contains("manager: kubectl\n", managed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApplyServerSide_NamespacesPodsAndNodes()
    {
        var ns = $"ssa-kinds-{Guid.NewGuid():N}"[..20];
        var kubectl = fixture.Kubectl;
        var manifests = $"""
            apiVersion: v1
            kind: Namespace
            metadata:
              name: {ns}
              labels:
                team: a
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
              namespace: {ns}
            spec:
              containers:
              - name: web
                image: nginx:1.27
                ports:
                - containerPort: 80
            ---
            apiVersion: v1
            kind: Node
            metadata:
              name: {ns}-node
              labels:
                zone: a
            """;

        var result = (await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], manifests)).EnsureSuccess();
        Assert.Equal($"namespace/{ns} serverside-applied\npod/web serverside-applied\nnode/{ns}-node serverside-applied", result.Stdout.Trim());

        var relabeled = manifests.Replace("zone: a", "zone: b", StringComparison.Ordinal).Replace("team: a", "team: b", StringComparison.Ordinal);
        (await kubectl.RunAsync(["apply", "--server-side", "-f", "-"], relabeled)).EnsureSuccess();
        Assert.Equal("b", (await kubectl.SucceedAsync("get", "node", $"{ns}-node", "-o", "jsonpath={.metadata.labels.zone}")).Stdout);
        Assert.Equal("b", (await kubectl.SucceedAsync("get", "ns", ns, "-o", "jsonpath={.metadata.labels.team}")).Stdout);
        Assert.Equal(0, (await kubectl.RunAsync(["diff", "--server-side", "-f", "-"], relabeled)).ExitCode);
        (await kubectl.SucceedAsync("delete", "node", $"{ns}-node")).EnsureSuccess();
    }

    private static async Task<string> ImageAsync(Kubectl kubectl, string ns) =>
        (await kubectl.RunAsync("get", "ds", "fluentd", "-n", ns, "-o", $"jsonpath={{.spec.template.spec.containers[?(@.name==\"{Container}\")].image}}")).EnsureSuccess().Stdout;
}
