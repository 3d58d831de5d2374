using System.Text.Json;

namespace Everynode.Agent.Images;

/// <summary>Reads the parts of an image configuration document (docker and OCI share them) that run a container.</summary>
internal static class ImageConfigJson
{
    public static StoredImage Read(byte[] configJson, string id, DateTimeOffset now)
    {
        using var document = JsonDocument.Parse(configJson);
        var root = document.RootElement;
        var config = root.TryGetProperty("config", out var c) ? c : root.TryGetProperty("Config", out var legacy) ? legacy : default;
        return new StoredImage(
            id,
            Strings(config, "Entrypoint"),
            Strings(config, "Cmd"),
            Strings(config, "Env"),
            config.ValueKind == JsonValueKind.Object && config.TryGetProperty("WorkingDir", out var w) && w.ValueKind == JsonValueKind.String
                && w.GetString() is { Length: > 0 } dir ? dir : null,
            0,
            now);
    }

    private static List<string> Strings(JsonElement config, string name) =>
        config.ValueKind == JsonValueKind.Object && config.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString() ?? "").ToList()
            : [];
}
