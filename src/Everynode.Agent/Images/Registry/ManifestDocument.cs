using System.Text.Json;

namespace Everynode.Agent.Images.Registry;

/// <summary>A fetched manifest: either an index (one manifest per platform) or an image manifest (a config and its
/// layers, bottom first). The media type comes from the document and, failing that, the response's Content-Type.</summary>
internal sealed record ManifestDocument(
    string MediaType,
    IReadOnlyList<Descriptor> Manifests,
    Descriptor? Config,
    IReadOnlyList<Descriptor> Layers)
{
    public bool IsIndex => MediaTypes.IsIndex(MediaType);

    public static ManifestDocument Parse(ReadOnlySpan<byte> bytes, string? contentType)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes.ToArray());
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the manifest is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("the manifest is not a JSON object");
            }

            var mediaType = root.TryGetProperty("mediaType", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (string.IsNullOrEmpty(mediaType))
            {
                mediaType = contentType?.Split(';')[0].Trim();
            }

            if (string.IsNullOrEmpty(mediaType) || mediaType == "application/json")
            {
                // OCI allows mediaType to be omitted; the shape says which document it is.
                mediaType = root.TryGetProperty("manifests", out _) ? MediaTypes.OciIndex : MediaTypes.OciManifest;
            }

            if (mediaType is MediaTypes.DockerSchema1 or MediaTypes.DockerSchema1Signed
                || (root.TryGetProperty("schemaVersion", out var v) && v.TryGetInt32(out var version) && version == 1))
            {
                throw new InvalidDataException("the image uses Docker's deprecated schema 1 manifest, which is not supported; push it again with a current client");
            }

            if (MediaTypes.IsIndex(mediaType))
            {
                if (!root.TryGetProperty("manifests", out var list) || list.ValueKind != JsonValueKind.Array)
                {
                    throw new InvalidDataException("the image index has no manifests list");
                }

                var manifests = list.EnumerateArray().Select((e, i) => Descriptor.Read(e, $"manifests[{i}]")).ToList();
                return new ManifestDocument(mediaType, manifests, null, []);
            }

            if (!MediaTypes.IsManifest(mediaType))
            {
                throw new InvalidDataException($"unsupported manifest media type \"{mediaType}\"");
            }

            if (!root.TryGetProperty("config", out var config))
            {
                throw new InvalidDataException("the image manifest has no config");
            }

            if (!root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException("the image manifest has no layers list");
            }

            return new ManifestDocument(
                mediaType,
                [],
                Descriptor.Read(config, "config"),
                layers.EnumerateArray().Select((e, i) => Descriptor.Read(e, $"layers[{i}]")).ToList());
        }
    }

    /// <summary>The index entry for <paramref name="platform"/>; attestation manifests (platform unknown/unknown)
    /// never match.</summary>
    public Descriptor SelectPlatform(Platform platform)
    {
        var match = Manifests.FirstOrDefault(d => d.Platform is { } p && platform.Accepts(p))
            ?? Manifests.FirstOrDefault(d => d.Platform is null && MediaTypes.IsManifest(d.MediaType));
        if (match is null)
        {
            var offered = string.Join(", ", Manifests.Where(d => d.Platform is { Os: not "unknown" }).Select(d => d.Platform!.ToString()));
            throw new ImagePullException(ImagePullFailure.NoMatchingPlatform,
                $"no match for platform in manifest: the image is built for {(offered.Length == 0 ? "no platform" : offered)}, not {platform}");
        }

        return match;
    }
}
