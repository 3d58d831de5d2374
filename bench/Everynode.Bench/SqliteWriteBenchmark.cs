using System.Diagnostics;
using Everynode.Storage.Sqlite;

namespace Everynode.Bench;

/// <summary>How many durable (fsync'd) creates per second the SQLite store sustains with concurrent clients.</summary>
public static class SqliteWriteBenchmark
{
    public static async Task<double> MeasureDurableCreatesPerSecondAsync(
        string directory, int clients, int totalWrites, int valueBytes, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clients);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(totalWrites);
        ArgumentOutOfRangeException.ThrowIfNegative(valueBytes);

        var options = new SqliteStoreOptions
        {
            Path = Path.Combine(directory, $"bench-{Guid.NewGuid():N}.sqlite"),
            CompactionInterval = TimeSpan.Zero,
        };
        var value = new byte[valueBytes];
        Random.Shared.NextBytes(value);

        await using var store = await SqliteStore.OpenAsync(options, ct);
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(
            async () =>
            {
                // Clients share one counter, so the total is exact however the work divides.
                for (var i = Interlocked.Increment(ref next); i < totalWrites; i = Interlocked.Increment(ref next))
                {
                    await store.CreateAsync($"/registry/bench/{client}/{i:D9}", value, ct);
                }
            },
            ct)));
        stopwatch.Stop();
        return totalWrites / stopwatch.Elapsed.TotalSeconds;
    }
}
