using System.Security.Cryptography;
using System.Text.Json;
using Everynode.Agent.Runtime;

namespace Everynode.Agent.Images;

/// <summary>The store's writers: import, remove, the built-in busybox. Each holds DIR/.lock while it changes the store.</summary>
public sealed partial class ImageStore
{
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

    /// <summary>
    /// Removes a tag (the image goes once no tag names it) or, given an image id, a unique id prefix or a repository
    /// digest (<c>name@sha256:…</c>), the image and all its tags. Returns docker's lines (<c>Untagged: …</c>, <c>Deleted: sha256:…</c>).
    /// </summary>
    public async Task<IReadOnlyList<string>> RemoveAsync(string referenceOrId, CancellationToken ct)
    {
        await using var held = await LockAsync(ct);
        var index = ReadIndex();
        var lines = new List<string>();
        string id;
        var byId = FindByIdPrefix(referenceOrId, index)
            ?? (ImageReference.TryParse(referenceOrId, out var pinned) && pinned!.Digest is not null
                ? FindByRepoDigest(pinned.Repository + "@" + pinned.Digest)?.Id
                : null);
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
            await DeleteImageAsync(id, ct);
            lines.Add("Deleted: " + id);
        }

        return lines;
    }

    /// <summary>Removes dangling images: neither tagged nor pulled by a digest (what an import or pull left behind
    /// when its tag moved on). Returns docker's lines and the bytes reclaimed.</summary>
    public async Task<(IReadOnlyList<string> Lines, long Reclaimed)> PruneAsync(CancellationToken ct)
    {
        await using var held = await LockAsync(ct);
        var index = ReadIndex();
        var digests = ReadRepoDigests();
        var lines = new List<string>();
        long reclaimed = 0;
        if (!System.IO.Directory.Exists(ImagesDirectory))
        {
            return (lines, 0);
        }

        foreach (var folder in System.IO.Directory.EnumerateDirectories(ImagesDirectory).ToList())
        {
            if (FindById(Path.GetFileName(folder)) is { } image && !index.ContainsValue(image.Id) && !digests.ContainsValue(image.Id))
            {
                await DeleteImageAsync(image.Id, ct);
                lines.Add("Deleted: " + image.Id);
                reclaimed += image.Size;
            }
        }

        return (lines, reclaimed);
    }

    /// <summary>Takes an image out of the store (one rename, then the delete) with the repository digests that name
    /// it; the caller holds the lock.</summary>
    private async Task DeleteImageAsync(string id, CancellationToken ct)
    {
        var doomed = NewScratchFolder();
        System.IO.Directory.Move(Path.Combine(ImagesDirectory, id[7..]), Path.Combine(doomed, "image"));
        DeleteQuietly(doomed);
        var digests = ReadRepoDigests();
        if (digests.ContainsValue(id))
        {
            await WriteRepoDigestsAsync(digests.Where(e => e.Value != id).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal), ct);
        }
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

    private Task WriteIndexAsync(Dictionary<string, string> index, CancellationToken ct) => WriteMapAsync(IndexFile, index, ct);

    /// <summary>Replaces a JSON map file (the tag index, the repository digests) by one rename, keys sorted.</summary>
    private static async Task WriteMapAsync(string file, Dictionary<string, string> map, CancellationToken ct)
    {
        var sorted = new SortedDictionary<string, string>(map, StringComparer.Ordinal);
        var temp = file + ".tmp";
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(sorted, Json), ct);
        File.Move(temp, file, overwrite: true);
    }

    private Task<FileStream> LockAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        return LockFileAsync(Path.Combine(Directory, ".lock"), ct);
    }

    /// <summary>Holds <paramref name="path"/> exclusively (an advisory lock other processes and other opens in this
    /// process respect) until the returned stream is disposed.</summary>
    private async Task<FileStream> LockFileAsync(string path, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(25), _time, ct);
            }
        }
    }

    private static long SizeOf(string rootfs) => new DirectoryInfo(rootfs)
        .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
        .Where(f => f.LinkTarget is null).Sum(f => f.Length);
}
