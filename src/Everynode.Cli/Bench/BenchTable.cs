using System.Globalization;

namespace Everynode.Cli.Bench;

/// <summary>The benchmark's table: one row per figure, one column per fleet size, and the target at 10,000 nodes.</summary>
internal static class BenchTable
{
    private static readonly (string Figure, Func<BenchResult, string> Value, string Target)[] Rows =
    [
        ("nodes registered and Ready", r => Seconds(r.RegistrationSeconds), "≤ 20 s"),
        ("DaemonSet coverage (D=C=R=A=N)", r => Seconds(r.CoverageSeconds), "≤ 10 s"),
        ("rolling update, maxUnavailable 10%", r => Seconds(r.RollingUpdateSeconds), "≤ 60 s"),
        ("node join → daemon pod Ready p50", r => Millis(r.JoinToReadyP50Ms), ""),
        ("node join → daemon pod Ready p99", r => Millis(r.JoinToReadyP99Ms), "≤ 1,000 ms"),
        ("mutating API p50 (heartbeat load)", r => Millis(r.MutatingP50Ms), ""),
        ("mutating API p99 (heartbeat load)", r => Millis(r.MutatingP99Ms), "≤ 100 ms"),
        ("server peak RSS", r => MiB(r.ServerPeakRssMiB), "≤ 1,024 MiB"),
        ("simulator peak RSS", r => MiB(r.SimulatorPeakRssMiB), "≤ 500 MiB"),
        ("SQLite durable-write ceiling", r => Rate(r.SqliteCeilingWritesPerSecond), ""),
        ("achieved datastore writes/s", r => r.AchievedWritesPerSecond is { } w ? $"{Rate(w)} ({r.AchievedFractionOfCeiling:P0})" : "-", ""),
        ("load average at start / end", r => string.Create(CultureInfo.InvariantCulture, $"{r.LoadAverageStart:0.0} / {r.LoadAverageEnd:0.0}"), ""),
        ("errors", r => r.Errors.Count == 0 ? "none" : string.Join("; ", r.Errors), ""),
    ];

    private static readonly string[] FigureHeader = ["figure"];

    public static void Write(TextWriter output, IReadOnlyList<BenchResult> results)
    {
        var header = FigureHeader.Concat(results.Select(r => string.Create(CultureInfo.InvariantCulture, $"N={r.Nodes:N0}"))).Append("target (N=10,000)").ToList();
        var rows = Rows.Select(row => new[] { row.Figure }.Concat(results.Select(row.Value)).Append(row.Target).ToList()).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToList();
        foreach (var line in rows.Prepend(header))
        {
            output.WriteLine(string.Join("  ", line.Select((cell, i) => i == line.Count - 1 ? cell : cell.PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Seconds(double? s) => s is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0.0} s") : "-";

    private static string Millis(double? ms) => ms is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0} ms") : "-";

    private static string MiB(double? mib) => mib is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:0} MiB") : "-";

    private static string Rate(double perSecond) => string.Create(CultureInfo.InvariantCulture, $"{perSecond:N0}/s");
}
