namespace Everynode.Cli.Bench;

/// <summary>Percentiles by the nearest-rank method (p99 of 100 samples is the 99th smallest).</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> samples, double percentile)
    {
        if (samples.Count == 0)
        {
            return double.NaN;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
