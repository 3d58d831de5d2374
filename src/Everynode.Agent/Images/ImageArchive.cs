using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Everynode.Agent.Images;

/// <summary>
/// One image read out of an image archive: a <c>docker save</c> archive (manifest.json, a config file, layer tars)
/// or an OCI image layout archive (index.json, blobs/sha256/…). The archive is unpacked into a scratch folder first;
/// <see cref="LayerFiles"/> point into it, bottom layer first.
/// </summary>
internal sealed class ImageArchive
{
    private const string OciIndexMediaType = "application/vnd.oci.image.index.v1+json";
    private const string DockerListMediaType = "application/vnd.docker.distribution.manifest.list.v2+json";
    private const string OciRefNameAnnotation = "org.opencontainers.image.ref.name";

    private ImageArchive(byte[] configJson, IReadOnlyList<string> layerFiles)
    {
        ConfigJson = configJson;
        LayerFiles = layerFiles;
    }

    /// <summary>The image configuration document, byte for byte (its sha256 is the image id).</summary>
    public byte[] ConfigJson { get; }

    public IReadOnlyList<string> LayerFiles { get; }

    /// <summary>Unpacks <paramref name="archiveFile"/> into <paramref name="scratch"/> and finds the image to import.</summary>
    public static ImageArchive Open(string archiveFile, string scratch, ImageReference wanted, CancellationToken ct)
    {
        Unpack(archiveFile, scratch, ct);
        if (File.Exists(Path.Combine(scratch, "manifest.json")))
        {
            return FromDockerManifest(scratch, wanted);
        }

        if (File.Exists(Path.Combine(scratch, "index.json")))
        {
            return FromOciLayout(scratch, wanted);
        }

        throw new InvalidDataException("not an image archive: it has neither manifest.json (docker save) nor index.json (OCI image layout)");
    }

    /// <summary>
    /// The references an archive names for its images, without unpacking it: a <c>docker save</c> archive's
    /// <c>RepoTags</c>, an OCI layout's <c>io.containerd.image.name</c> annotations (or full references in
    /// <c>org.opencontainers.image.ref.name</c>).
    /// </summary>
    public static IReadOnlyList<string> References(string archiveFile, CancellationToken ct)
    {
        using var stream = LayerApplier.OpenLayer(archiveFile);
        using var reader = new TarReader(stream);
        var found = new List<string>();
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            ct.ThrowIfCancellationRequested();
            var name = RootfsPath.CleanEntryName(entry.Name);
            if (entry.DataStream is null || name is not ("manifest.json" or "index.json"))
            {
                continue;
            }

            using var document = JsonDocument.Parse(entry.DataStream);
            if (name == "manifest.json" && document.RootElement.ValueKind == JsonValueKind.Array)
            {
                found.AddRange(document.RootElement.EnumerateArray()
                    .Where(i => i.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array)
                    .SelectMany(i => i.GetProperty("RepoTags").EnumerateArray().Select(t => t.GetString() ?? "")));
            }
            else if (name == "index.json" && document.RootElement.TryGetProperty("manifests", out var manifests) && manifests.ValueKind == JsonValueKind.Array)
            {
                foreach (var manifest in manifests.EnumerateArray())
                {
                    if (!manifest.TryGetProperty("annotations", out var annotations) || annotations.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    var full = annotations.TryGetProperty("io.containerd.image.name", out var c) ? c.GetString() : null;
                    var refName = annotations.TryGetProperty(OciRefNameAnnotation, out var r) ? r.GetString() : null;
                    found.Add(full ?? (refName is not null && (refName.Contains('/', StringComparison.Ordinal) || refName.Contains(':', StringComparison.Ordinal)) ? refName : ""));
                }
            }
        }

        return found.Where(r => ImageReference.TryParse(r, out var parsed) && parsed!.Tag is not null).Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Unpack(string archiveFile, string scratch, CancellationToken ct)
    {
        using var stream = LayerApplier.OpenLayer(archiveFile);
        using var reader = new TarReader(stream);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            ct.ThrowIfCancellationRequested();
            var name = RootfsPath.CleanEntryName(entry.Name);
            if (name.Length == 0)
            {
                continue;
            }

            var target = RootfsPath.Resolve(scratch, name, followLast: false);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(target);
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    LayerApplier.Delete(target);
                    using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                    {
                        entry.DataStream?.CopyTo(output);
                    }

                    break;
                case TarEntryType.SymbolicLink or TarEntryType.HardLink:
                    // Older docker save archives link a shared layer.tar from one layer folder to another.
                    LayerApplier.Delete(target);
                    var linked = entry.EntryType == TarEntryType.HardLink ? "/" + RootfsPath.CleanEntryName(entry.LinkName) : entry.LinkName;
                    File.CreateSymbolicLink(target, linked);
                    break;
                default:
                    break;
            }
        }
    }

    private static ImageArchive FromDockerManifest(string scratch, ImageReference wanted)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(scratch, "manifest.json")));
        var images = manifest.RootElement.EnumerateArray().ToList();
        JsonElement? chosen = images.Count == 1 ? images[0] : null;
        foreach (var image in images)
        {
            if (image.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array
                && tags.EnumerateArray().Any(t => ImageReference.TryParse(t.GetString() ?? "", out var r) && r!.Key == wanted.Key))
            {
                chosen = image;
            }
        }

        if (chosen is not { } picked)
        {
            throw new InvalidDataException($"the archive holds {images.Count} images and none is tagged {wanted.Familiar}");
        }

        var config = ReadFile(scratch, picked.GetProperty("Config").GetString()!);
        var layers = picked.GetProperty("Layers").EnumerateArray().Select(l => ArchiveFile(scratch, l.GetString()!)).ToList();
        return new ImageArchive(config, layers);
    }

    private static ImageArchive FromOciLayout(string scratch, ImageReference wanted)
    {
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(scratch, "index.json")));
        var descriptors = index.RootElement.GetProperty("manifests").EnumerateArray().ToList();
        var named = descriptors.Where(d => d.TryGetProperty("annotations", out var a)
            && a.TryGetProperty(OciRefNameAnnotation, out var n)
            && (n.GetString() == wanted.Tag || (ImageReference.TryParse(n.GetString() ?? "", out var r) && r!.Key == wanted.Key))).ToList();
        var candidates = named.Count > 0 ? named : descriptors;
        var manifestBytes = ResolveManifest(scratch, candidates, depth: 0);
        using var manifest = JsonDocument.Parse(manifestBytes);
        var config = ReadBlob(scratch, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString()!);
        var layers = manifest.RootElement.GetProperty("layers").EnumerateArray()
            .Select(l => BlobFile(scratch, l.GetProperty("digest").GetString()!)).ToList();
        return new ImageArchive(config, layers);
    }

    /// <summary>Follows image indexes (multi-platform images) down to this host's linux manifest.</summary>
    private static byte[] ResolveManifest(string scratch, List<JsonElement> descriptors, int depth)
    {
        if (depth > 4 || descriptors.Count == 0)
        {
            throw new InvalidDataException("the OCI index names no image manifest");
        }

        var wantArch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        var forHost = descriptors.Where(d => !d.TryGetProperty("platform", out var p)
            || (p.GetProperty("os").GetString() == "linux" && p.GetProperty("architecture").GetString() == wantArch)).ToList();
        if (forHost.Count == 0)
        {
            throw new InvalidDataException($"the archive has no image for linux/{wantArch}");
        }

        var descriptor = forHost[0];
        var bytes = ReadBlob(scratch, descriptor.GetProperty("digest").GetString()!);
        var mediaType = descriptor.TryGetProperty("mediaType", out var m) ? m.GetString() : null;
        using var document = JsonDocument.Parse(bytes);
        if (mediaType is OciIndexMediaType or DockerListMediaType || document.RootElement.TryGetProperty("manifests", out _))
        {
            return ResolveManifest(scratch, document.RootElement.GetProperty("manifests").EnumerateArray().ToList(), depth + 1);
        }

        return bytes;
    }

    private static string BlobFile(string scratch, string digest)
    {
        var colon = digest.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            throw new InvalidDataException($"malformed digest \"{digest}\"");
        }

        return ArchiveFile(scratch, "blobs/" + digest[..colon] + "/" + digest[(colon + 1)..]);
    }

    private static byte[] ReadBlob(string scratch, string digest) => File.ReadAllBytes(BlobFile(scratch, digest));

    private static byte[] ReadFile(string scratch, string name) => File.ReadAllBytes(ArchiveFile(scratch, name));

    private static string ArchiveFile(string scratch, string name)
    {
        var path = RootfsPath.Resolve(scratch, RootfsPath.CleanEntryName(name), followLast: true);
        return File.Exists(path) ? path : throw new InvalidDataException($"the archive lacks \"{name}\"");
    }
}
