using System.Diagnostics;
using Everynode.Storage.Sqlite;

namespace Everynode.Cli.Bench;

/// <summary>
/// The raw durable-write ceiling of SQLite on this machine: the store's own creates (group commit, every write
/// fsync'd before it is acknowledged) from many concurrent writers for a fixed time, with no API server in the way.
/// What the API achieves is read as a fraction of this.
/// </summary>
internal static class DurableWriteCeiling
{
    /// <summary>A small stored pod is about 1 KiB (with its managed fields).</summary>
    private const int ValueBytes = 1024;

    public static async Task<double> MeasureAsync(string directory, int writers, TimeSpan duration, CancellationToken ct)
    {
        var options = new SqliteStoreOptions
        {
            Path = Path.Combine(directory, "ceiling.sqlite"),
            CompactionInterval = TimeSpan.Zero,
        };
        var value = new byte[ValueBytes];
        Random.Shared.NextBytes(value);
        long written = 0;
        await using (var store = await SqliteStore.OpenAsync(options, ct))
        {
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, writers).Select(writer => Task.Run(
                async () =>
                {
                    for (var i = 0; clock.Elapsed < duration; i++)
                    {
                        await store.CreateAsync($"/registry/ceiling/{writer}/{i:D9}", value, ct);
                        Interlocked.Increment(ref written);
                    }
                },
                ct)));
            clock.Stop();
            foreach (var file in (string[])[options.Path, options.Path + "-wal", options.Path + "-shm"])
            {
                File.Delete(file);
            }

            return written / clock.Elapsed.TotalSeconds;
        }
    }
}
