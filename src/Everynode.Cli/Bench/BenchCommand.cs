using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Everynode.Cli.Cluster;

namespace Everynode.Cli.Bench;

/// <summary>
/// <c>everynode bench</c>: the scale benchmark on this machine, once per fleet size; prints a table and
/// writes the figures as JSON. Figures only: the exit code says whether every phase finished, never how fast.
/// </summary>
internal static class BenchCommand
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private static Option<string> Nodes { get; } = new("--nodes")
    {
        Description = "Fleet sizes to measure, comma-separated.",
        DefaultValueFactory = _ => "1000,10000",
    };

    private static Option<string> JsonFile { get; } = new("--json")
    {
        Description = "Where to write the figures as JSON.",
        DefaultValueFactory = _ => "bench-results.json",
    };

    private static Option<int> Joins { get; } = new("--joins")
    {
        Description = "How many nodes join the running cluster for the join → daemon pod Ready figure.",
        DefaultValueFactory = _ => 100,
    };

    private static Option<int> Requests { get; } = new("--requests")
    {
        Description = "How many mutating requests the API latency figure is taken over.",
        DefaultValueFactory = _ => 200,
    };

    private static Option<bool> Keep { get; } = new("--keep")
    {
        Description = "Keep each run's temporary folder (datastore, logs).",
    };

    private static Option<bool> Timeline { get; } = new("--timeline")
    {
        Description = "Watch the DaemonSet's pods and print, per phase, when they were created, bound and Ready (costs a watch).",
    };

    public static Command Create()
    {
        var command = new Command("bench", "Measure this machine: N simulated nodes registering, a DaemonSet covering and updating them, joins, API latency, memory.")
        {
            Nodes, JsonFile, Joins, Requests, Keep, Timeline,
        };
        command.SetAction(RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, CancellationToken ct)
    {
        BenchSettings settings;
        try
        {
            settings = new BenchSettings
            {
                NodeCounts = [.. parse.GetValue(Nodes)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(n => int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out var count) ? count : throw new ArgumentException($"--nodes: \"{n}\" is not a count"))],
                JsonPath = parse.GetValue(JsonFile),
                Joins = parse.GetValue(Joins),
                MutatingRequests = parse.GetValue(Requests),
                KeepData = parse.GetValue(Keep),
                Timeline = parse.GetValue(Timeline),
            };
            settings.Validate();
        }
        catch (ArgumentException e)
        {
            await Console.Error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }

        var results = new List<BenchResult>();
        var progress = StepProgress.ForConsole();
        foreach (var count in settings.NodeCounts)
        {
            Console.WriteLine($"everynode bench: {count} simulated nodes");
            results.Add(await new BenchRun(count, settings, progress).RunAsync(ct));
            if (ct.IsCancellationRequested)
            {
                break;
            }
        }

        Console.WriteLine();
        BenchTable.Write(Console.Out, results);
        if (settings.JsonPath is { } path)
        {
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(new { machine = Machine(), runs = results }, Json), ct);
            Console.WriteLine($"figures written to {Path.GetFullPath(path)}");
        }

        return results.All(r => r.Errors.Count == 0) ? 0 : 1;
    }

    private static object Machine() => new
    {
        processors = Environment.ProcessorCount,
        memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        when = TimeProvider.System.GetUtcNow(),
    };
}
