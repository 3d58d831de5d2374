using System.Diagnostics;
using System.Globalization;
using Everynode.Cli.Cluster;
using Everynode.E2E.Tests.Harness;
using Xunit.Abstractions;

namespace Everynode.E2E.Tests.Up;

/// <summary>
/// Issue 5: the simulated runtime with 100 nodes reaches full coverage. One <c>everynode up --nodes 100 --runtime
/// simulated</c> (one simulator process for all of them), one DaemonSet, one pod Running on each of the 100
/// nodes, and <c>down</c> leaves no process behind. The times and the memory it took are written to the test output.
/// </summary>
[Collection(LocalClustersDefinition.Name)]
public sealed class HundredNodesTests(ITestOutputHelper output)
{
    private const int Nodes = 100;
    private static readonly TimeSpan CoverageTimeout = TimeSpan.FromSeconds(90);

    // One simulator process starts in a few seconds; the margin is for a machine shared with other builds.
    private static readonly TimeSpan UpTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task UpHundredNodes_DaemonSetCoversEveryNode_AndDownStopsEveryAgent()
    {
        await using var cluster = new LocalClusterRun();

        var clock = Stopwatch.StartNew();
        (await cluster.UpWithinAsync(UpTimeout, "--nodes", Nodes.ToString(CultureInfo.InvariantCulture), "--runtime", "simulated", "--timeout", "100s")).EnsureSuccess();
        var upTook = clock.Elapsed;

        var nodes = await cluster.NodeStatusesAsync();
        Assert.Equal(Nodes, nodes.Count);
        Assert.All(nodes, n => Assert.Equal("True", n.Value));
        var state = cluster.State!;
        var agents = state.Nodes.Select(n => n.Process!).ToList();
        Assert.Single(agents.Select(a => a.Pid).Distinct());
        Assert.Contains("sim", agents[0].Arguments);

        (await cluster.Kubectl.ApplyAsync(Manifests.Namespace("everywhere"))).EnsureSuccess();
        clock.Restart();
        (await cluster.Kubectl.ApplyAsync(SleepDaemonSet)).EnsureSuccess();
        var last = "";
        await UntilAsync(cluster, async () =>
        {
            last = await CoverageAsync(cluster);
            return last == $"ds {Nodes}/{Nodes}/{Nodes}/{Nodes}; {Nodes} Running on {Nodes} nodes";
        }, () => $"full coverage of {Nodes} nodes (last: {last})");
        var coverageTook = clock.Elapsed;

        var rss = state.Nodes.Select(n => n.Process).Append(state.Server).OfType<ProcessRecord>().DistinctBy(p => p.Pid).Sum(p => RssKilobytes(p.Pid));
        output.WriteLine($"up --nodes {Nodes}: {upTook.TotalSeconds:0.0} s");
        output.WriteLine($"full coverage after apply: {coverageTook.TotalSeconds:0.0} s");
        output.WriteLine($"total RSS of the server and the simulator of {Nodes} nodes: {rss / 1024.0:0} MiB");

        var downClock = Stopwatch.StartNew();
        (await cluster.CommandAsync("down")).EnsureSuccess();
        output.WriteLine($"down: {downClock.Elapsed.TotalSeconds:0.0} s");
        var left = agents.Where(LocalProcesses.IsRunning).Select(a => a.Pid).ToList();
        Assert.True(left.Count == 0, $"agents still running after down: {string.Join(", ", left)}");
        Assert.False(LocalProcesses.IsRunning(state.Server), "the server still runs after down");
    }

    private static string SleepDaemonSet => """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: sleeper
          namespace: everywhere
        spec:
          selector:
            matchLabels:
              app: sleeper
          template:
            metadata:
              labels:
                app: sleeper
            spec:
              containers:
              - name: sleep
                image: busybox:1.36
                command: ["sleep", "3600"]
        """;

    /// <summary>The DaemonSet's desired/current/ready/available, and how many pods run on how many distinct nodes.</summary>
    private static async Task<string> CoverageAsync(LocalClusterRun cluster)
    {
        var ds = await cluster.Kubectl.RunAsync("get", "ds", "sleeper", "-n", "everywhere", "-o",
            "jsonpath={.status.desiredNumberScheduled}/{.status.currentNumberScheduled}/{.status.numberReady}/{.status.numberAvailable}");
        var pods = await cluster.Kubectl.RunAsync("get", "pods", "-n", "everywhere", "-o",
            "jsonpath={range .items[*]}{.spec.nodeName}={.status.phase}{\"\\n\"}{end}");
        var running = pods.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('='))
            .Where(p => p.Length == 2 && p[1] == "Running").Select(p => p[0]).ToList();
        return $"ds {ds.Stdout}; {running.Count} Running on {running.Distinct(StringComparer.Ordinal).Count()} nodes";
    }

    private static async Task UntilAsync(LocalClusterRun cluster, Func<Task<bool>> condition, Func<string> what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > CoverageTimeout)
            {
                Assert.Fail($"no {what()} within {CoverageTimeout.TotalSeconds:0} s\n{cluster.Logs()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>VmRSS of the process in kB, from /proc/PID/status; 0 when it is gone.</summary>
    private static long RssKilobytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
