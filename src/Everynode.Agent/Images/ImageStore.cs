using System.Security.Cryptography;
using System.Text.Json;
using Everynode.Agent.Runtime;

namespace Everynode.Agent.Images;

/// <summary>
/// The node-local image store: a folder of unpacked images and a repository:tag index.
/// <code>
///   DIR/repositories.json          {"docker.io/library/busybox:latest": "sha256:…", …}
///   DIR/images/HEX/image.json      entrypoint, cmd, env, workingDir, size, created (a StoredImage)
///   DIR/images/HEX/rootfs/         the unpacked root filesystem (never written once complete)
///   DIR/tmp/                       imports and deletions in progress
/// </code>
/// Invariants: an image folder appears by one rename once complete and the index is replaced by one rename, so a
/// reader never sees half an image; writers (import, remove, building busybox) hold DIR/.lock, which also serialises
/// several agents or CLI invocations sharing one store. <c>busybox</c> under any tag is built from the host's static
/// busybox on first use; every other image must be imported.
/// </summary>
public sealed class ImageStore
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, WriteIndented = true };

    private readonly string? _busyboxPath;
    private readonly TimeProvider _time;

    public ImageStore(string directory, TimeProvider? time = null, string? busyboxPath = null)
    {
        Directory = Path.GetFullPath(directory);
        _time = time ?? TimeProvider.System;
        _busyboxPath = busyboxPath;
    }

    /// <summary>The store's folder.</summary>
    public string Directory { get; }

    /// <summary>The image store of a cluster whose data folder is <paramref name="dataDirectory"/>: DATA/images.
    /// <c>everynode image</c>, <c>everynode agent</c> and <c>everynode up</c> all default to it.</summary>
    public static string DefaultDirectory(string dataDirectory) => Path.Combine(dataDirectory, "images");

    private string IndexFile => Path.Combine(Directory, "repositories.json");

    private string ImagesDirectory => Path.Combine(Directory, "images");

    /// <summary>Finds an image by reference; builds the built-in busybox on first use. Throws
    /// <see cref="ImageNotPresentException"/> for anything else the store lacks, saying how to import it.</summary>
    public async Task<StoredImage> ResolveAsync(string reference, CancellationToken ct)
    {
        ImageReference parsed;
        try
        {
            parsed = ImageReference.Parse(reference);
        }
        catch (FormatException e)
        {
            throw new ImageNotPresentException($"Failed to apply default image tag \"{reference}\": couldn't parse image name \"{reference}\": {e.Message}", e);
        }

        if (Find(parsed) is { } found)
        {
            return found;
        }

        if (parsed.Repository == BuiltinBusybox.Repository && parsed.Digest is null)
        {
            return await TagBuiltinBusyboxAsync(parsed, reference, ct);
        }

        throw new ImageNotPresentException(NotPresentMessage(reference));
    }

    /// <summary>The image with this id (<c>sha256:HEX</c>), or null.</summary>
    public StoredImage? FindById(string imageId)
    {
        var hex = imageId.StartsWith("sha256:", StringComparison.Ordinal) ? imageId[7..] : imageId;
        var folder = Path.Combine(ImagesDirectory, hex);
        var record = Path.Combine(folder, "image.json");
        if (hex.Length != 64 || hex.Any(c => !char.IsAsciiHexDigitLower(c)) || !File.Exists(record))
        {
            return null;
        }

        var image = JsonSerializer.Deserialize<StoredImage>(File.ReadAllBytes(record), Json)
            ?? throw new InvalidDataException($"{record} is empty");
        return image with { RootfsPath = Path.Combine(folder, "rootfs") };
    }

    /// <summary>Imports the image archive <paramref name="archiveFile"/> (docker save or OCI layout, optionally gzipped)
    /// under <paramref name="reference"/>, replacing what that tag named before.</summary>
    public async Task<StoredImage> ImportAsync(string reference, string archiveFile, CancellationToken ct)
    {
        var parsed = ImageReference.Parse(reference);
        if (parsed.Tag is null)
        {
            throw new FormatException($"import needs a tag, not a digest: \"{reference}\"");
        }

        var scratch = NewScratchFolder();
        try
        {
            var archive = ImageArchive.Open(archiveFile, Path.Combine(scratch, "archive"), parsed, ct);
            var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(archive.ConfigJson));
            if (FindById(id) is null)
            {
                var rootfs = Path.Combine(scratch, "image", "rootfs");
                System.IO.Directory.CreateDirectory(rootfs);
                foreach (var layer in archive.LayerFiles)
                {
                    LayerApplier.Apply(rootfs, layer, ct);
                }

                var image = ImageConfigJson.Read(archive.ConfigJson, id, _time.GetUtcNow()) with { Size = SizeOf(rootfs) };
                await File.WriteAllBytesAsync(Path.Combine(scratch, "image", "image.json"), JsonSerializer.SerializeToUtf8Bytes(image, Json), ct);
                await using var held = await LockAsync(ct);
                Publish(Path.Combine(scratch, "image"), id);
                await TagAsync(parsed.Key, id, ct);
            }
            else
            {
                await using var held = await LockAsync(ct);
                await TagAsync(parsed.Key, id, ct);
            }

            return FindById(id)!;
        }
        finally
        {
            DeleteQuietly(scratch);
        }
    }

    /// <summary>Every tag with its image, and untagged images as <c>&lt;none&gt;</c>, sorted.</summary>
    public IReadOnlyList<ImageListing> List()
    {
        var index = ReadIndex();
        var rows = new List<ImageListing>();
        var tagged = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, id) in index)
        {
            if (FindById(id) is { } image)
            {
                var colon = key.LastIndexOf(':');
                rows.Add(new ImageListing(key[..colon], key[(colon + 1)..], image));
                tagged.Add(image.Id);
            }
        }

        if (System.IO.Directory.Exists(ImagesDirectory))
        {
            foreach (var folder in System.IO.Directory.EnumerateDirectories(ImagesDirectory))
            {
                if (FindById(Path.GetFileName(folder)) is { } image && !tagged.Contains(image.Id))
                {
                    rows.Add(new ImageListing("<none>", "<none>", image));
                }
            }
        }

        return rows.OrderBy(r => r.Repository, StringComparer.Ordinal).ThenBy(r => r.Tag, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Removes a tag (the image goes once no tag names it) or, given an image id or a unique id prefix, the image
    /// and all its tags. Returns docker's lines (<c>Untagged: …</c>, <c>Deleted: sha256:…</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(string referenceOrId, CancellationToken ct)
    {
        await using var held = await LockAsync(ct);
        var index = ReadIndex();
        var lines = new List<string>();
        string id;
        var byId = FindByIdPrefix(referenceOrId, index);
        if (byId is not null)
        {
            id = byId;
            foreach (var key in index.Where(e => e.Value == id).Select(e => e.Key).ToList())
            {
                index.Remove(key);
                lines.Add("Untagged: " + key);
            }
        }
        else if (ImageReference.TryParse(referenceOrId, out var parsed) && index.Remove(parsed!.Key, out var tagged))
        {
            id = tagged;
            lines.Add("Untagged: " + parsed.Key);
        }
        else
        {
            throw new ImageNotPresentException($"no such image: {referenceOrId}");
        }

        await WriteIndexAsync(index, ct);
        if (!index.ContainsValue(id) && System.IO.Directory.Exists(Path.Combine(ImagesDirectory, id[7..])))
        {
            var doomed = NewScratchFolder();
            System.IO.Directory.Move(Path.Combine(ImagesDirectory, id[7..]), Path.Combine(doomed, "image"));
            DeleteQuietly(doomed);
            lines.Add("Deleted: " + id);
        }

        return lines;
    }

    private StoredImage? Find(ImageReference reference)
    {
        if (reference.Digest is not null && reference.Tag is null)
        {
            return FindById(reference.Digest);
        }

        return ReadIndex().TryGetValue(reference.Key, out var id) ? FindById(id) : null;
    }

    private string? FindByIdPrefix(string text, Dictionary<string, string> index)
    {
        var hex = text.StartsWith("sha256:", StringComparison.Ordinal) ? text[7..] : text;
        if (hex.Length < 4 || hex.Any(c => !char.IsAsciiHexDigitLower(c)) || !System.IO.Directory.Exists(ImagesDirectory))
        {
            return null;
        }

        var matches = System.IO.Directory.EnumerateDirectories(ImagesDirectory).Select(Path.GetFileName)
            .Where(n => n!.StartsWith(hex, StringComparison.Ordinal)).ToList();
        if (matches.Count > 1 && !index.ContainsKey(text))
        {
            throw new ImageNotPresentException($"image id prefix \"{text}\" is ambiguous");
        }

        return matches.Count == 1 ? "sha256:" + matches[0] : null;
    }

    private async Task<StoredImage> TagBuiltinBusyboxAsync(ImageReference parsed, string reference, CancellationToken ct)
    {
        var busybox = BuiltinBusybox.FindStaticBusybox(_busyboxPath) ?? throw new ImageNotPresentException(
            NotPresentMessage(reference) + "; the built-in busybox image needs a statically linked busybox on the node (Debian/Ubuntu: apt-get install busybox-static)");
        await using var held = await LockAsync(ct);
        if (Find(parsed) is { } raced)
        {
            return raced;
        }

        var scratch = NewScratchFolder();
        try
        {
            var rootfs = Path.Combine(scratch, "image", "rootfs");
            System.IO.Directory.CreateDirectory(rootfs);
            var image = await BuiltinBusybox.BuildAsync(busybox, rootfs, _time.GetUtcNow(), ct);
            if (FindById(image.Id) is null)
            {
                await File.WriteAllBytesAsync(Path.Combine(scratch, "image", "image.json"), JsonSerializer.SerializeToUtf8Bytes(image, Json), ct);
                Publish(Path.Combine(scratch, "image"), image.Id);
            }

            await TagAsync(parsed.Key, image.Id, ct);
            return FindById(image.Id)!;
        }
        finally
        {
            DeleteQuietly(scratch);
        }
    }

    private string NotPresentMessage(string reference)
    {
        var storeFlag = Directory == DefaultDirectory(DefaultDataDirectory()) ? "" : $" --image-store {Directory}";
        return $"image \"{reference}\" is not in this node's image store ({Directory}); import it with "
            + $"\"everynode image import {reference} FILE{storeFlag}\", FILE being a \"docker save\" or OCI image archive";
    }

    private static string DefaultDataDirectory()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home.Length > 0 ? home : "/var/lib", ".everynode");
    }

    private void Publish(string completeImage, string id)
    {
        System.IO.Directory.CreateDirectory(ImagesDirectory);
        var destination = Path.Combine(ImagesDirectory, id[7..]);
        if (!System.IO.Directory.Exists(destination))
        {
            System.IO.Directory.Move(completeImage, destination);
        }
    }

    private async Task TagAsync(string key, string id, CancellationToken ct)
    {
        var index = ReadIndex();
        index[key] = id;
        await WriteIndexAsync(index, ct);
    }

    private Dictionary<string, string> ReadIndex() => File.Exists(IndexFile)
        ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(IndexFile)) ?? []
        : new Dictionary<string, string>(StringComparer.Ordinal);

    private async Task WriteIndexAsync(Dictionary<string, string> index, CancellationToken ct)
    {
        var sorted = new SortedDictionary<string, string>(index, StringComparer.Ordinal);
        var temp = IndexFile + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(sorted, Json), ct);
        File.Move(temp, IndexFile, overwrite: true);
    }

    private async Task<FileStream> LockAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(Directory, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), _time, ct);
            }
        }
    }

    private string NewScratchFolder()
    {
        var scratch = Path.Combine(Directory, "tmp", Guid.NewGuid().ToString("n"));
        System.IO.Directory.CreateDirectory(scratch);
        return scratch;
    }

    private static long SizeOf(string rootfs) => new DirectoryInfo(rootfs)
        .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Where(f => f.LinkTarget is null).Sum(f => f.Length);

    private static void DeleteQuietly(string path)
    {
        try
        {
            if (System.IO.Directory.Exists(path))
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Left in DIR/tmp; harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
