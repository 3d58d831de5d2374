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
public sealed partial class ImageStore
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

    /// <summary>The image a reference names in this store (by tag, digest or repository digest), or null; never
    /// builds the built-in busybox.</summary>
    public StoredImage? Find(ImageReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (reference.Digest is not null)
        {
            return FindByRepoDigest(reference.Repository + "@" + reference.Digest) ?? FindById(reference.Digest);
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

    private Dictionary<string, string> ReadIndex() => ReadMap(IndexFile);

    private static Dictionary<string, string> ReadMap(string file) => File.Exists(file)
        ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(file)) ?? []
        : new Dictionary<string, string>(StringComparer.Ordinal);

    private string NewScratchFolder()
    {
        var scratch = Path.Combine(Directory, "tmp", Guid.NewGuid().ToString("n"));
        System.IO.Directory.CreateDirectory(scratch);
        return scratch;
    }

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
