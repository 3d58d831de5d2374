namespace Everynode.E2E.Tests.Up;

/// <summary>
/// <c>everynode up</c> with its default runtime: real sandboxed processes from the built-in busybox image, running
/// the tutorial's examples as written.
/// </summary>
[Collection(LocalClustersDefinition.Name)]
public sealed class ProcessRuntimeClusterTests
{
    private static readonly string Examples = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples"));

    [Fact]
    public async Task Up_ProcessRuntime_BusyboxDaemonSetsRunOnEveryNode_ExamplesApplyAndLog_DownLeavesNoProcess()
    {
        Assert.True(File.Exists(Path.Combine(Examples, "node-agent.yaml")), $"the examples are not at {Examples}");
        await using var cluster = new LocalClusterRun();
        (await cluster.UpAsync("--nodes", "3")).EnsureSuccess();
        Assert.Equal("process", cluster.State!.Runtime);

        var apply = (await cluster.Kubectl.RunAsync("apply", "-f", Examples)).EnsureSuccess();
        Assert.Contains("daemonset.apps/node-agent created", apply.Stdout, StringComparison.Ordinal);
        Assert.Contains("daemonset.apps/fluentd-elasticsearch created", apply.Stdout, StringComparison.Ordinal);

        await LocalClusterWait.DaemonSetAsync(cluster, "default", "node-agent", desired: 3);
        await LocalClusterWait.DaemonSetAsync(cluster, "default", "log-agent", desired: 3);
        await LocalClusterWait.DaemonSetAsync(cluster, "kube-system", "fluentd-elasticsearch", desired: 3);
        var placed = await cluster.Kubectl.SucceedAsync("get", "pods", "-l", "app=node-agent", "-o",
            "jsonpath={range .items[*]}{.spec.nodeName} {.status.phase} {.status.podIP}{\"\\n\"}{end}");
        Assert.Equal(
            ["worker-0 Running 127.0.1.1", "worker-1 Running 127.0.1.2", "worker-2 Running 127.0.1.3"],
            placed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));

        // A real process printed this, and kubectl reads it through the API server from the node's agent.
        await LocalClusterWait.UntilAsync(cluster, async () =>
        {
            var logs = await cluster.Kubectl.RunAsync("logs", "-l", "app=log-agent", "--prefix", "--tail", "1");
            return logs.ExitCode == 0 && Enumerable.Range(0, 3).All(i => logs.Stdout.Contains($"log-agent on worker-{i}: line ", StringComparison.Ordinal));
        }, "a log line from the log agent of every node");
        await LocalClusterWait.UntilAsync(cluster, async () =>
        {
            var logs = await cluster.Kubectl.RunAsync("logs", "-n", "kube-system", "-l", "name=fluentd-elasticsearch", "--tail", "1");
            return logs.Stdout.Contains("entries in /var/log", StringComparison.Ordinal);
        }, "the collector's report of the host's /var/log");

        var dataDirectory = cluster.DataDirectory;
        (await cluster.CommandAsync("down")).EnsureSuccess();
        Assert.Empty(ProcessesMentioning(dataDirectory));
    }

    /// <summary>Every process whose command line names <paramref name="text"/> (agents, sandboxes, containers).</summary>
    private static List<string> ProcessesMentioning(string text) =>
        [.. Directory.GetDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)).Select(d =>
        {
            try
            {
                return File.ReadAllText(Path.Combine(d, "cmdline")).Replace('\0', ' ');
            }
            catch (IOException)
            {
                return "";
            }
            catch (UnauthorizedAccessException)
            {
                return "";
            }
        }).Where(c => c.Contains(text, StringComparison.Ordinal))];
}
