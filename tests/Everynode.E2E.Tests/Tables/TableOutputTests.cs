using System.Globalization;
using Everynode.E2E.Tests.Harness;

namespace Everynode.E2E.Tests.Tables;

/// <summary>
/// <c>kubectl get</c> prints what a real cluster prints, because the server answers with upstream's Tables.
/// Expected texts are kubectl's columns (see <see cref="TableText"/>), ages masked.
/// </summary>
[Collection(SharedServerDefinition.Name)]
public sealed class TableOutputTests(SharedServerFixture fixture)
{
    private Kubectl Kubectl => fixture.Kubectl;

    private async Task<string> GetAsync(params string[] args) => TableText.Normalize((await Kubectl.SucceedAsync(["get", .. args])).Stdout);

    /// <summary>A running pod with two restarts, the last one 30 minutes ago, and a pending one.</summary>
    private async Task<string> CreatePodsAsync()
    {
        var ns = await fixture.CreateNamespaceAsync("tables");
        (await Kubectl.ApplyAsync(Manifests.Pod(ns, "pending", "{app: db}"))).EnsureSuccess();
        (await Kubectl.ApplyAsync(Manifests.Pod(ns, "web", "{app: web, tier: front}").Replace("  containers:", "  nodeName: node-x\n  containers:", StringComparison.Ordinal))).EnsureSuccess();
        var finished = DateTime.UtcNow.AddMinutes(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var status = """
            {"status":{"phase":"Running","podIP":"10.244.0.7","podIPs":[{"ip":"10.244.0.7"}],
             "conditions":[{"type":"Ready","status":"True"}],
             "containerStatuses":[{"name":"main","image":"busybox:1.36","imageID":"","ready":true,"started":true,"restartCount":2,
               "state":{"running":{"startedAt":"FINISHED"}},
               "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"FINISHED"}}}]}}
            """.Replace("FINISHED", finished, StringComparison.Ordinal);
        await Kubectl.SucceedAsync("patch", "pod", "web", "-n", ns, "--subresource=status", "--type=merge", "-p", status);
        return ns;
    }

    [Fact]
    public async Task GetPods_PrintsReadyStatusRestartsAndAge()
    {
        var ns = await CreatePodsAsync();

        Assert.Equal(
            """
            NAME | READY | STATUS | RESTARTS | AGE
            pending | 0/1 | Pending | 0 | <age>
            web | 1/1 | Running | 2 (30m ago) | <age>
            """.ReplaceLineEndings("\n"),
            await GetAsync("pods", "-n", ns));
    }

    [Fact]
    public async Task GetPodsWide_AddsIpNodeNominatedNodeAndReadinessGates()
    {
        var ns = await CreatePodsAsync();

        Assert.Equal(
            """
            NAME | READY | STATUS | RESTARTS | AGE | IP | NODE | NOMINATED NODE | READINESS GATES
            pending | 0/1 | Pending | 0 | <age> | <none> | <none> | <none> | <none>
            web | 1/1 | Running | 2 (30m ago) | <age> | 10.244.0.7 | node-x | <none> | <none>
            """.ReplaceLineEndings("\n"),
            await GetAsync("pods", "-n", ns, "-o", "wide"));
    }

    [Fact]
    public async Task GetPods_ShowLabelsAndLabelColumns_ComeFromTheRowsMetadata()
    {
        var ns = await CreatePodsAsync();

        Assert.Equal(
            """
            NAME | READY | STATUS | RESTARTS | AGE | LABELS
            pending | 0/1 | Pending | 0 | <age> | app=db
            web | 1/1 | Running | 2 (30m ago) | <age> | app=web,tier=front
            """.ReplaceLineEndings("\n"),
            await GetAsync("pods", "-n", ns, "--show-labels"));
        Assert.Equal(
            """
            NAME | READY | STATUS | RESTARTS | AGE | APP
            pending | 0/1 | Pending | 0 | <age> | db
            web | 1/1 | Running | 2 (30m ago) | <age> | web
            """.ReplaceLineEndings("\n"),
            await GetAsync("pods", "-n", ns, "-L", "app"));
    }

    [Fact]
    public async Task GetDaemonSets_PrintsTheStatusCountsAndWideColumns()
    {
        var ns = await fixture.CreateNamespaceAsync("tables");
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(ns, "fluentd"))).EnsureSuccess();

        Assert.Equal(
            """
            NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE
            fluentd | 0 | 0 | 0 | 0 | 0 | <none> | <age>
            """.ReplaceLineEndings("\n"),
            await GetAsync("ds", "-n", ns));
        Assert.Equal(
            """
            NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE | CONTAINERS | IMAGES | SELECTOR
            fluentd | 0 | 0 | 0 | 0 | 0 | <none> | <age> | fluentd-elasticsearch,log-shipper | quay.io/fluentd_elasticsearch/fluentd:v2.5.2,busybox:latest | name=fluentd
            """.ReplaceLineEndings("\n"),
            await GetAsync("ds", "fluentd", "-n", ns, "-o", "wide"));
    }

    [Fact]
    public async Task GetDaemonSetsAndPods_PrintsTwoTablesWithKindPrefixedNames()
    {
        var ns = await CreatePodsAsync();
        (await Kubectl.ApplyAsync(Manifests.FluentdDaemonSet(ns, "fluentd"))).EnsureSuccess();

        Assert.Equal(
            """
            NAME | DESIRED | CURRENT | READY | UP-TO-DATE | AVAILABLE | NODE SELECTOR | AGE
            daemonset.apps/fluentd | 0 | 0 | 0 | 0 | 0 | <none> | <age>

            NAME | READY | STATUS | RESTARTS | AGE
            pod/pending | 0/1 | Pending | 0 | <age>
            pod/web | 1/1 | Running | 2 (30m ago) | <age>
            """.ReplaceLineEndings("\n"),
            await GetAsync("ds,pods", "-n", ns));
    }

    [Fact]
    public async Task GetNamespaces_PrintsThePhase()
    {
        var ns = await fixture.CreateNamespaceAsync("tables");

        Assert.Equal(
            $"""
            NAME | STATUS | AGE
            {ns} | Active | <age>
            """.ReplaceLineEndings("\n"),
            await GetAsync("ns", ns));
        Assert.Contains("default | Active | <age>", await GetAsync("ns"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetNodes_PrintsStatusRolesVersionAndWideNodeInfo()
    {
        var id = Guid.NewGuid().ToString("N")[..6];
        var ready = $"tables-{id}-a";
        var cordoned = $"tables-{id}-b";
        (await Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: Node
            metadata:
              name: {{ready}}
              labels: {tables-e2e: "{{id}}", node-role.kubernetes.io/worker: ""}
            """)).EnsureSuccess();
        (await Kubectl.ApplyAsync($$"""
            apiVersion: v1
            kind: Node
            metadata:
              name: {{cordoned}}
              labels: {tables-e2e: "{{id}}", kubernetes.io/role: infra}
            spec:
              unschedulable: true
            """)).EnsureSuccess();
        await Kubectl.SucceedAsync("patch", "node", ready, "--subresource=status", "--type=merge", "-p", """
            {"status":{"conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"ok"}],
             "addresses":[{"type":"InternalIP","address":"10.0.0.5"},{"type":"Hostname","address":"a"}],
             "nodeInfo":{"kubeletVersion":"v1.32.4","osImage":"Ubuntu 24.04.1 LTS","kernelVersion":"6.8.0-45-generic",
               "containerRuntimeVersion":"containerd://1.7.22","machineID":"m","systemUUID":"s","bootID":"b",
               "kubeProxyVersion":"","operatingSystem":"linux","architecture":"amd64"}}}
            """);

        // The second node reports no status: its VERSION cell is empty, so its line ends after AGE.
        Assert.Equal(
            $"""
            NAME | STATUS | ROLES | AGE | VERSION
            {ready} | Ready | worker | <age> | v1.32.4
            {cordoned} | Unknown,SchedulingDisabled | infra | <age>
            """.ReplaceLineEndings("\n"),
            await GetAsync("nodes", "-l", $"tables-e2e={id}"));
        Assert.Equal(
            $"""
            NAME | STATUS | ROLES | AGE | VERSION | INTERNAL-IP | EXTERNAL-IP | OS-IMAGE | KERNEL-VERSION | CONTAINER-RUNTIME
            {ready} | Ready | worker | <age> | v1.32.4 | 10.0.0.5 | <none> | Ubuntu 24.04.1 LTS | 6.8.0-45-generic | containerd://1.7.22
            """.ReplaceLineEndings("\n"),
            await GetAsync("node", ready, "-o", "wide"));
    }
}
