using System.Text.Json;

namespace Everynode.Agent.Images;

/// <summary>
/// Archives dropped in a folder (a node's <c>images/</c>, as k3s's <c>agent/images/</c>) are imported when the agent
/// starts, under the references they name. An archive already imported, unchanged (same size and modification
/// time), is not read again; one that fails is reported and skipped, so a bad file never stops the agent.
/// </summary>
public sealed partial class ImageStore
{
    private const string ImportedRecord = ".imported.json";

    /// <summary>Imports every <c>.tar</c>, <c>.tar.gz</c> and <c>.tgz</c> in <paramref name="folder"/>; each
    /// outcome is told to <paramref name="report"/>. Returns how many archives were imported.</summary>
    public async Task<int> ImportDroppedAsync(string folder, Action<string> report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (!System.IO.Directory.Exists(folder))
        {
            return 0;
        }

        var recordFile = Path.Combine(folder, ImportedRecord);
        var record = File.Exists(recordFile)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(await File.ReadAllBytesAsync(recordFile, ct)) ?? []
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var imported = 0;
        foreach (var archive in System.IO.Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(archive);
            if (!(name.EndsWith(".tar", StringComparison.Ordinal) || name.EndsWith(".tar.gz", StringComparison.Ordinal) || name.EndsWith(".tgz", StringComparison.Ordinal)))
            {
                continue;
            }

            var info = new FileInfo(archive);
            var stamp = $"{info.Length}:{info.LastWriteTimeUtc.Ticks}";
            if (record.TryGetValue(name, out var seen) && seen == stamp)
            {
                continue;
            }

            try
            {
                var references = ImageArchive.References(archive, ct);
                if (references.Count == 0)
                {
                    report($"{archive}: names no image (docker save NAME:TAG, or an OCI archive with io.containerd.image.name); skipped");
                    continue;
                }

                foreach (var reference in references)
                {
                    var image = await ImportAsync(reference, archive, ct);
                    report($"imported {ImageReference.Parse(reference).Familiar} ({image.Id}) from {archive}");
                }

                record[name] = stamp;
                imported++;
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or IOException or JsonException or KeyNotFoundException or UnauthorizedAccessException)
            {
                report($"{archive}: not imported: {e.Message}");
            }
        }

        var temp = recordFile + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(record), ct);
        File.Move(temp, recordFile, overwrite: true);
        return imported;
    }
}
