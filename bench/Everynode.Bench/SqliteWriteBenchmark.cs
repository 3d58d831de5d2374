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

        var value = RandomValue(valueBytes);
        await using var store = await OpenAsync(directory, ct);
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

    /// <summary>
    /// Microseconds per read of a key's current version (what every update reads first), one reader, over
    /// <paramref name="keys"/> keys of <paramref name="valueBytes"/> bytes.
    /// </summary>
    public static async Task<double> MeasureCurrentReadMicrosecondsAsync(string directory, int keys, int reads, int valueBytes, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(keys);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reads);
        var value = RandomValue(valueBytes);
        await using var store = await OpenAsync(directory, ct);
        await Task.WhenAll(Enumerable.Range(0, keys).Select(i => store.CreateAsync($"/registry/read/{i:D9}", value, ct).AsTask()));

        // A warm-up pass, then the timed one.
        for (var i = 0; i < keys; i++)
        {
            _ = await store.GetAsync($"/registry/read/{i:D9}", 0, ct) ?? throw new InvalidOperationException("a created key is missing");
        }

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < reads; i++)
        {
            _ = await store.GetAsync($"/registry/read/{i % keys:D9}", 0, ct);
        }

        return stopwatch.Elapsed.TotalMicroseconds / reads;
    }

    /// <summary>A fresh store in its own file under <paramref name="directory"/>, without compaction.</summary>
    private static Task<SqliteStore> OpenAsync(string directory, CancellationToken ct) =>
        SqliteStore.OpenAsync(
            new SqliteStoreOptions { Path = Path.Combine(directory, $"bench-{Guid.NewGuid():N}.sqlite"), CompactionInterval = TimeSpan.Zero },
            ct);

    private static byte[] RandomValue(int bytes)
    {
        var value = new byte[bytes];
        Random.Shared.NextBytes(value);
        return value;
    }
}
