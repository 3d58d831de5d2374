using System.Text.Json;

namespace Everynode.Cli.Cluster;

/// <summary>Reads and writes <see cref="ClusterState"/>; a write replaces the file atomically.</summary>
internal static class ClusterStateFile
{
    public static ClusterState? Load(ClusterLayout layout)
    {
        if (!File.Exists(layout.StatePath))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(layout.StatePath), ClusterStateJson.Default.ClusterState)
                ?? throw new InvalidDataException("it is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{layout.StatePath} is not a cluster state file ({e.Message}); remove it to start afresh", e);
        }
    }

    public static void Save(ClusterLayout layout, ClusterState state)
    {
        Directory.CreateDirectory(layout.RunDirectory);
        var tmp = layout.StatePath + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(state, ClusterStateJson.Default.ClusterState) + "\n");
        File.Move(tmp, layout.StatePath, overwrite: true);
    }

    /// <summary>
    /// Takes the data directory's lock for the duration of a change (an exclusive <c>flock</c>), waiting for a
    /// concurrent command to finish its change first.
    /// </summary>
    public static async Task<IDisposable> LockAsync(ClusterLayout layout, CancellationToken ct)
    {
        Directory.CreateDirectory(layout.RunDirectory);
        var waited = false;
        while (true)
        {
            try
            {
                return new FileStream(layout.LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (!ct.IsCancellationRequested)
            {
                if (!waited)
                {
                    await Console.Error.WriteLineAsync($"everynode: waiting for another everynode command working on {layout.DataDirectory}");
                    waited = true;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
            }
        }
    }
}
