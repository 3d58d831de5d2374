using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Everynode.Agent.Simulation;
using Everynode.Cli.Cluster;
using Everynode.Cli.Sim;
using Everynode.Client.Connection;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;

namespace Everynode.Cli.Bench;

/// <summary>
/// One benchmark at one fleet size: in a fresh temporary folder, the raw SQLite ceiling, then a fresh
/// <c>everynode server</c> (SQLite store) and <c>everynode sim</c> as child processes, then the benchmark's phases in
/// order — registration, DaemonSet coverage, mutating API latency under the heartbeat load, rolling update, node
/// joins — and the peak memory of both processes. A phase that fails ends the run with an error; what was measured
/// before stays.
/// </summary>
internal sealed partial class BenchRun(int nodes, BenchSettings settings, StepProgress progress)
{
    private const string Namespace = "bench";
    private const string DaemonSetName = "bench";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private readonly List<string> _errors = [];
    private PodTimeline? _timeline;

    /// <summary>How long one phase may take before it counts as failed: generous, as the machine may be shared.</summary>
    private TimeSpan PhaseTimeout => TimeSpan.FromSeconds(90) + TimeSpan.FromMilliseconds(40.0 * nodes);

    public async Task<BenchResult> RunAsync(CancellationToken ct)
    {
        var root = Directory.CreateTempSubdirectory("everynode-bench-");
        var layout = new ClusterLayout(root.FullName);
        var result = new BenchResult { Nodes = nodes, LoadAverageStart = LoadAverage() };
        ClusterState? state = null;
        ProcessRecord? simulator = null;
        try
        {
            progress.Begin("raw SQLite durable-write ceiling");
            var ceiling = await DurableWriteCeiling.MeasureAsync(root.FullName, 16, settings.CeilingDuration, ct);
            progress.Succeed(string.Create(CultureInfo.InvariantCulture, $"{ceiling:0} writes/s"));
            result = result with { SqliteCeilingWritesPerSecond = ceiling };

            var cluster = new LocalCluster(layout, progress);
            state = await cluster.StartServerAsync(new ClusterState { Runtime = ClusterSettings.SimulatedRuntime, Port = 0 }, null, PhaseTimeout, ct);
            using var client = KubernetesClientFactory.FromKubeconfig(layout.KubeconfigPath, TimeSpan.FromSeconds(60));
            await using var timeline = settings.Timeline ? await PodTimeline.StartAsync(client, Namespace, "app=" + DaemonSetName, ct) : null;
            _timeline = timeline;

            (result, simulator) = await RegisterAsync(result, layout, ct);
            result = await CoverAsync(client, result, ct);
            result = await MeasureMutatingLatencyAsync(client, result, ct);
            result = await RollingUpdateAsync(client, result, ct);
            result = await JoinAsync(client, result, ct);
        }
        catch (BenchException e)
        {
            progress.Fail();
            _errors.Add(e.Message);
        }
        catch (Exception e) when (e is ClusterException or HttpRequestException or k8s.Autorest.HttpOperationException or IOException)
        {
            progress.Fail();
            _errors.Add(e.Message);
        }
        finally
        {
            // Peak memory also when a phase failed: a run that did not finish is often the one that used the most.
            result = result with
            {
                ServerPeakRssMiB = state?.Server is { } running ? ProcessMemory.PeakResidentMiB(running.Pid) : null,
                SimulatorPeakRssMiB = simulator is not null ? ProcessMemory.PeakResidentMiB(simulator.Pid) : null,
            };
            if (simulator is not null)
            {
                await LocalProcesses.StopAsync(simulator, TimeSpan.FromSeconds(20), CancellationToken.None);
            }

            if (state?.Server is { } server)
            {
                await LocalProcesses.StopAsync(server, TimeSpan.FromSeconds(20), CancellationToken.None);
            }

            if (!settings.KeepData)
            {
                root.Delete(recursive: true);
            }
            else
            {
                progress.Note($"  data and logs kept in {root.FullName}");
            }
        }

        return result with { LoadAverageEnd = LoadAverage(), Errors = [.. _errors] };
    }

    /// <summary>Starts the simulator and waits for its line saying every node is registered (each Ready with status).</summary>
    private async Task<(BenchResult, ProcessRecord)> RegisterAsync(BenchResult result, ClusterLayout layout, CancellationToken ct)
    {
        progress.Begin($"{nodes} simulated nodes registered and Ready");
        var clock = Stopwatch.StartNew();
        var simulator = LocalProcesses.StartDetached(
            ["sim", "--kubeconfig", layout.KubeconfigPath, "--nodes", nodes.ToString(CultureInfo.InvariantCulture), "--prefix", "sim-"],
            layout.LogPath("simulator"), TimeProvider.System.GetUtcNow());
        while (!LocalProcesses.Tail(simulator.LogPath, 50).Any(l => l.StartsWith(SimCommand.ReadyPrefix, StringComparison.Ordinal)))
        {
            if (!LocalProcesses.IsRunning(simulator))
            {
                throw new BenchException($"the simulator exited: {string.Join(" | ", LocalProcesses.Tail(simulator.LogPath, 5))}");
            }

            ThrowIfPast(clock, "the simulator's nodes to register");
            await Task.Delay(Poll, ct);
        }

        var took = clock.Elapsed.TotalSeconds;
        progress.Succeed(string.Create(CultureInfo.InvariantCulture, $"{took:0.0} s"));
        return (result with { RegistrationSeconds = took }, simulator);
    }

    private async Task<BenchResult> CoverAsync(Kubernetes client, BenchResult result, CancellationToken ct)
    {
        progress.Begin($"DaemonSet covering {nodes} nodes");
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } }, cancellationToken: ct);
        var (took, best) = await DaemonSetPhaseAsync(client, result, "full coverage", async () =>
        {
            await client.AppsV1.CreateNamespacedDaemonSetAsync(DaemonSet(), Namespace, cancellationToken: ct);
            return 1;
        }, ct);
        return result with { CoverageSeconds = took, AchievedWritesPerSecond = best, AchievedFractionOfCeiling = best / result.SqliteCeilingWritesPerSecond };
    }

    private async Task<BenchResult> RollingUpdateAsync(Kubernetes client, BenchResult result, CancellationToken ct)
    {
        progress.Begin("rolling update, maxUnavailable 10%");
        var (took, best) = await DaemonSetPhaseAsync(client, result, "the rollout to finish", async () =>
        {
            var patch = """{"spec":{"template":{"metadata":{"annotations":{"bench/revision":"REV"}}}}}""".Replace("REV", Guid.NewGuid().ToString("N"), StringComparison.Ordinal);
            var patched = await client.AppsV1.PatchNamespacedDaemonSetAsync(new V1Patch(patch, V1Patch.PatchType.StrategicMergePatch), DaemonSetName, Namespace, cancellationToken: ct);
            return patched.Metadata.Generation ?? 0;
        }, ct);
        return result with { RollingUpdateSeconds = took, AchievedWritesPerSecond = best, AchievedFractionOfCeiling = best / result.SqliteCeilingWritesPerSecond };
    }

    /// <summary>
    /// Times a change to the DaemonSet (<paramref name="change"/> returns the generation it made) until the rollout
    /// of that generation covers every node; returns the seconds it took and the best datastore writes/s so far.
    /// </summary>
    private async Task<(double Seconds, double BestWritesPerSecond)> DaemonSetPhaseAsync(
        Kubernetes client, BenchResult result, string what, Func<Task<long>> change, CancellationToken ct)
    {
        var before = await RevisionAsync(client, ct);
        var clock = Stopwatch.StartNew();
        _timeline?.Begin();
        var generation = await change();
        await UntilAsync(client, clock, ds => ds.Metadata.Generation >= generation && RolledOut(ds, nodes), what, ct);
        var took = clock.Elapsed.TotalSeconds;
        var rate = (await RevisionAsync(client, ct) - before) / took;
        progress.Succeed(string.Create(CultureInfo.InvariantCulture, $"{took:0.0} s, {rate:0} writes/s"));
        foreach (var line in _timeline?.Summary() ?? [])
        {
            progress.Note("  new pods " + line);
        }

        return (took, Max(result.AchievedWritesPerSecond, rate));
    }

    /// <summary>
    /// Nodes join one every <see cref="BenchSettings.JoinInterval"/>, run by a fleet in this process; each latency
    /// is from the start of the node's registration to its daemon pod's Ready status acknowledged by the API.
    /// </summary>
    private async Task<BenchResult> JoinAsync(Kubernetes client, BenchResult result, CancellationToken ct)
    {
        progress.Begin($"{settings.Joins} nodes joining");
        var joinedAt = new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var latencies = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
        await using var joiners = await SimulatedFleet.StartAsync(
            new SimulatedFleetOptions { FirstNodeIP = System.Net.IPAddress.Parse("10.128.0.1") }, client, NullLoggerFactory.Instance, ct);
        joiners.PodReady = (pod, at) =>
        {
            if (pod.Metadata.Labels is { } labels && labels.TryGetValue("app", out var app) && app == DaemonSetName && joinedAt.TryGetValue(pod.Spec.NodeName, out var joined))
            {
                latencies.TryAdd(pod.Spec.NodeName, (at - joined).TotalMilliseconds);
            }
        };

        var clock = Stopwatch.StartNew();
        var registrations = new List<Task>();
        for (var i = 0; i < settings.Joins; i++)
        {
            var name = "join-" + i.ToString(CultureInfo.InvariantCulture);
            joinedAt[name] = TimeProvider.System.GetUtcNow();
            registrations.Add(joiners.AddNodesAsync([name], ct));
            await Task.Delay(settings.JoinInterval, ct);
        }

        await Task.WhenAll(registrations);
        while (latencies.Count < settings.Joins)
        {
            ThrowIfPast(clock, $"daemon pods Ready on the joined nodes ({latencies.Count}/{settings.Joins})");
            await Task.Delay(Poll, ct);
        }

        var samples = latencies.Values.ToList();
        var (p50, p99) = (Percentiles.Of(samples, 50), Percentiles.Of(samples, 99));
        progress.Succeed(string.Create(CultureInfo.InvariantCulture, $"p50 {p50:0} ms, p99 {p99:0} ms"));
        return result with { Joins = samples.Count, JoinToReadyP50Ms = p50, JoinToReadyP99Ms = p99, TransientErrors = joiners.TransientErrors };
    }

    private static async Task<long> RevisionAsync(Kubernetes client, CancellationToken ct) =>
        long.Parse((await client.CoreV1.ListNamespaceAsync(limit: 1, cancellationToken: ct)).Metadata.ResourceVersion, CultureInfo.InvariantCulture);

    /// <summary>Polls the DaemonSet until <paramref name="done"/>; fails after the phase timeout with its last status.</summary>
    private async Task UntilAsync(Kubernetes client, Stopwatch clock, Func<V1DaemonSet, bool> done, string what, CancellationToken ct)
    {
        while (true)
        {
            var ds = await client.AppsV1.ReadNamespacedDaemonSetAsync(DaemonSetName, Namespace, cancellationToken: ct);
            if (done(ds))
            {
                return;
            }

            var s = ds.Status;
            var counts = $"desired {s?.DesiredNumberScheduled}, current {s?.CurrentNumberScheduled}, ready {s?.NumberReady}, updated {s?.UpdatedNumberScheduled}, available {s?.NumberAvailable}";
            progress.Update(counts);
            if (clock.Elapsed > PhaseTimeout)
            {
                throw new BenchException($"no {what} within {PhaseTimeout.TotalSeconds:0} s ({counts}; pods: {await PodSummaryAsync(client, ct)})");
            }

            await Task.Delay(Poll, ct);
        }
    }

    /// <summary>Where the DaemonSet's pods stand, for the message of a phase that did not finish.</summary>
    private static async Task<string> PodSummaryAsync(Kubernetes client, CancellationToken ct)
    {
        var pods = (await client.CoreV1.ListNamespacedPodAsync(Namespace, labelSelector: "app=" + DaemonSetName, cancellationToken: ct)).Items;
        var unbound = pods.Count(p => string.IsNullOrEmpty(p.Spec.NodeName));
        var terminating = pods.Count(p => p.Metadata.DeletionTimestamp is not null);
        var notReady = pods.Count(p => p.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") != true);
        var nodesWithTwo = pods.Where(p => !string.IsNullOrEmpty(p.Spec.NodeName)).GroupBy(p => p.Spec.NodeName).Count(g => g.Count() > 1);
        return $"{pods.Count} in all, {unbound} not bound, {terminating} terminating, {notReady} not Ready, {nodesWithTwo} nodes with two";
    }

    /// <summary>What <c>kubectl rollout status</c> waits for, with every one of the <paramref name="count"/> nodes covered.</summary>
    internal static bool RolledOut(V1DaemonSet ds, int count) =>
        ds.Status is { } s && s.ObservedGeneration >= ds.Metadata.Generation
        && s.DesiredNumberScheduled == count && s.CurrentNumberScheduled == count && s.NumberReady == count
        && s.UpdatedNumberScheduled == count && s.NumberAvailable == count;

    private void ThrowIfPast(Stopwatch clock, string what)
    {
        if (clock.Elapsed > PhaseTimeout)
        {
            throw new BenchException($"no {what} within {PhaseTimeout.TotalSeconds:0} s");
        }
    }

    private static double Max(double? a, double b) => a is { } x ? Math.Max(x, b) : b;

    private static double LoadAverage()
    {
        try
        {
            return double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return double.NaN;
        }
    }

    private static V1DaemonSet DaemonSet() => new()
    {
        Metadata = new V1ObjectMeta { Name = DaemonSetName, NamespaceProperty = Namespace },
        Spec = new V1DaemonSetSpec
        {
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = DaemonSetName } },
            UpdateStrategy = new V1DaemonSetUpdateStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = "10%" },
            },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = DaemonSetName } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = "busybox:1.36", Command = ["sleep", "infinity"] }] },
            },
        },
    };
}
