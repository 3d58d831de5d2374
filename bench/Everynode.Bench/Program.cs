using System.Globalization;
using Everynode.Bench;

// Foundation benchmark: durable writes through the API server vs. the raw SQLite store, and list latency.
// Usage: dotnet run -c Release --project bench/Everynode.Bench [-- --writes N --clients C --list-pods N]
//        ... -- --image-pull-mb 200     image pull + unpack from a local registry against skopeo copy
var writes = IntArg("--writes", 8000);
var clients = IntArg("--clients", 16);
var listPods = IntArg("--list-pods", 10_000);
var fanOutNodes = IntArg("--fan-out-nodes", 0);
var watchers = IntArg("--watchers", 50);
var imageMegabytes = IntArg("--image-pull-mb", 0);
using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cts.Cancel();
};
var ct = cts.Token;
var root = Directory.CreateTempSubdirectory("everynode-bench-");
try
{
    if (imageMegabytes > 0)
    {
        // Image pull: pull + unpack into a fresh store against skopeo copy of the same image (fetch only).
        const int Layers = 10;
        var (everynode, skopeo, podRunning, bytes) = await ImagePullBenchmark.MeasureAsync(Path.Combine(root.FullName, "pull"), imageMegabytes, Layers, ct);
        Print("image pull + unpack", everynode.TotalMilliseconds, $"ms, {Layers} layers, {bytes / 1e6:0.0} MB compressed, {imageMegabytes} MB unpacked");
        Print("skopeo copy (fetch, no unpack)", skopeo.TotalMilliseconds, "ms, same image");
        Print("pull + unpack / skopeo copy", everynode / skopeo, "(aim: <= 1.0)");
        Print("pod created → Running", podRunning.TotalMilliseconds, "ms, same image not on the node (process runtime)");
        return 0;
    }

    if (fanOutNodes > 0)
    {
        // DaemonSet fan-out: time until every node has a bound daemon pod, per burst limit.
        foreach (var burst in (int[])[250, 500, 1000, 2000])
        {
            var elapsed = await DaemonSetFanOutBenchmark.MeasureAsync(Path.Combine(root.FullName, $"fan-{burst}"), fanOutNodes, burst, ct);
            Print($"DaemonSet fan-out, burst {burst}", elapsed.TotalMilliseconds, $"ms until {fanOutNodes} nodes have a bound pod");
        }

        return 0;
    }

    // A small pod as the API server stores it (defaults applied) is about 700 bytes.
    const int PodBytes = 700;
    var raw = await SqliteWriteBenchmark.MeasureDurableCreatesPerSecondAsync(root.FullName, clients, writes, PodBytes, ct);
    Print("raw SQLite durable creates/s", raw, $"{clients} writers, {writes} keys of {PodBytes} B");
    var read = await SqliteWriteBenchmark.MeasureCurrentReadMicrosecondsAsync(root.FullName, 2000, 50_000, PodBytes, ct);
    Print("raw SQLite read of a current version", read, $"µs, one reader, 2000 keys of {PodBytes} B");

    await using var api = await ApiWriteBenchmark.StartAsync(Path.Combine(root.FullName, "server"), clients, ct);
    var cpu = CpuTime();
    var creates = await api.CreatePodsAsync("w", writes, ct);
    Print("API durable pod creates/s", creates, $"{clients} HTTPS clients");
    PrintCpu("  CPU per create", ref cpu, writes);
    var updates = await api.UpdatePodsAsync("w", writes, ct);
    Print("API durable pod updates/s", updates, $"{clients} HTTPS clients");
    PrintCpu("  CPU per update", ref cpu, writes);
    var statusPatches = await api.PatchPodStatusesAsync("w", writes, ct);
    Print("API durable pod status patches/s", statusPatches, $"{clients} HTTPS clients, merge patch on /status");
    PrintCpu("  CPU per status patch", ref cpu, writes);
    Print("API creates / raw SQLite", creates / raw * 100, "% (aim: >= 50%)");

    if (listPods > writes)
    {
        await api.CreatePodsAsync("l", listPods - writes, ct);
    }

    cpu = CpuTime();
    var (median, items) = await api.MeasureListAsync(7, ct);
    Print("list latency, median of 7", median.TotalMilliseconds, $"ms for {items} pods");
    PrintCpu("  CPU per list", ref cpu, 7);

    if (watchers > 0)
    {
        var watched = Math.Min(writes, 2000);
        cpu = CpuTime();
        var (watchedCreates, delivered) = await api.CreatePodsWatchedAsync("watched", watched, watchers, ct);
        Print("API pod creates/s, watched", watchedCreates, $"{watchers} watchers on the namespace's pods");
        Print("all events delivered after", delivered.TotalMilliseconds, $"ms ({watched} creates x {watchers} watchers)");
        PrintCpu("  CPU per watched create", ref cpu, watched);
    }
}
finally
{
    root.Delete(recursive: true);
}

return 0;

int IntArg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

// Process CPU time (client and server share the process): on a machine shared with other work, CPU per operation
// moves much less than throughput does.
static TimeSpan CpuTime() => System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;

static void PrintCpu(string what, ref TimeSpan since, int operations)
{
    var now = CpuTime();
    Print(what, (now - since).TotalMilliseconds * 1000 / operations, "µs CPU (client + server, one process)");
    since = now;
}

static void Print(string what, double value, string detail) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what,-32} {value,10:F1}  {detail}"));
