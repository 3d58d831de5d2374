using System.Text.Json;
using Everynode.E2E.Tests.Harness;
using Everynode.E2E.Tests.Up;
using Xunit.Abstractions;

namespace Everynode.E2E.Tests.Bench;

/// <summary>
/// Issue 8: <c>everynode bench --nodes 300</c> as a smoke test. It asserts that every phase finished correctly —
/// the nodes registered, the DaemonSet covered them, the rolling update finished, every joined node got its daemon
/// pod Ready, memory was read, and <c>--timeline</c> followed exactly one new pod per node in both DaemonSet phases —
/// and never how fast: the figures go to the test output only.
/// </summary>
[Collection(LocalClustersDefinition.Name)]
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan BenchTimeout = TimeSpan.FromSeconds(420);

    [Fact]
    public async Task Bench300Nodes_FinishesEveryPhase_WithNoErrors()
    {
        var directory = new TempDirectory("everynode-e2e-");
        try
        {
            await RunAndCheckAsync(Path.Combine(directory.Path, "bench.json"));
        }
        finally
        {
            directory.Delete();
        }
    }

    private async Task RunAndCheckAsync(string json)
    {
        using var bench = ChildProcess.Start(EverynodeBinary.StartInfo(["bench", "--nodes", "300", "--timeline", "--json", json]));
        if (!await bench.WaitForExitAsync(BenchTimeout))
        {
            await bench.KillAsync();
            Assert.Fail($"everynode bench did not finish within {BenchTimeout.TotalSeconds:0} s\n{bench.Stdout.Text}\n{bench.Stderr.Text}");
        }

        output.WriteLine(bench.Stdout.Text);
        Assert.True(bench.ExitCode == 0, $"everynode bench exited {bench.ExitCode}\n{bench.Stdout.Text}\n{bench.Stderr.Text}");

        using var figures = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var run = Assert.Single(figures.RootElement.GetProperty("runs").EnumerateArray());
        Assert.Equal(300, run.GetProperty("nodes").GetInt32());
        Assert.Empty(run.GetProperty("errors").EnumerateArray());
        foreach (var figure in (string[])["registrationSeconds", "coverageSeconds", "rollingUpdateSeconds", "joinToReadyP99Ms", "mutatingP99Ms", "serverPeakRssMiB", "simulatorPeakRssMiB", "achievedWritesPerSecond"])
        {
            Assert.True(run.GetProperty(figure).ValueKind == JsonValueKind.Number, $"{figure} was not measured: {run}");
        }

        Assert.Equal(100, run.GetProperty("joins").GetInt32());
        Assert.Equal(200, run.GetProperty("mutatingRequests").GetInt32());
        Assert.True(run.GetProperty("sqliteCeilingWritesPerSecond").GetDouble() > 0);
        Assert.Matches(@"errors\s+none", bench.Stdout.Text);

        // --timeline: per phase, exactly 300 new pods, each seen created, bound and Ready. One more would be a second
        // pod the controller put on a node (and deleted again), which the final counts cannot show.
        foreach (var milestone in (string[])["created", "bound", "Ready"])
        {
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(bench.Stdout.Text, $@"new pods {milestone}: 1% [0-9.]+ s, 50% [0-9.]+ s, 100% [0-9.]+ s \(300 pods\)"));
        }
    }
}
