using System.Formats.Tar;
using System.IO.Compression;
using Everynode.Agent.Runtime.Process;

namespace Everynode.Agent.Images;

/// <summary>
/// Applies image layers (tar, optionally gzip-compressed) to a root filesystem, as overlay-style image layers mean:
/// entries replace what lower layers had, <c>.wh.NAME</c> deletes NAME from lower layers and <c>.wh..wh..opq</c>
/// empties its directory of lower-layer content. Whiteouts only ever apply to lower layers (OCI image spec): the one
/// pass over a layer remembers what the layer itself wrote, and a whiteout never removes that.
/// Safety: entry names that climb above the root are refused; every path is resolved with <see cref="RootfsPath"/>,
/// so symlinks in the image can never redirect a write to the host.
/// </summary>
internal static class LayerApplier
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueWhiteout = ".wh..wh..opq";

    /// <param name="maxUnpackedBytes">The most the layer's tar may unpack to; past it the layer is refused as a
    /// decompression bomb.</param>
    /// <param name="diffId">The digest the layer's uncompressed tar must have (the image config's
    /// <c>rootfs.diff_ids</c> entry), or null to not check it.</param>
    public static void Apply(string rootfs, string layerFile, CancellationToken ct, long maxUnpackedBytes = long.MaxValue, string? diffId = null) =>
        ExtractEntries(rootfs, layerFile, maxUnpackedBytes, diffId, ct);

    /// <summary>Opens a layer (or an archive), undoing gzip or zstd when its first bytes say so.</summary>
    public static Stream OpenLayer(string layerFile)
    {
        var file = File.OpenRead(layerFile);
        Span<byte> magic = stackalloc byte[4];
        var read = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
        file.Position = 0;
        if (read >= 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }

        if (read == 4 && magic[0] == 0x28 && magic[1] == 0xb5 && magic[2] == 0x2f && magic[3] == 0xfd)
        {
            return new ZstdSharp.DecompressionStream(file);
        }

        return file;
    }

    private static void ExtractEntries(string rootfs, string layerFile, long maxUnpackedBytes, string? diffId, CancellationToken ct)
    {
        using var hash = diffId is null ? null : System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        using var stream = new BoundedReadStream(OpenLayer(layerFile), maxUnpackedBytes, hash);
        using var reader = new TarReader(stream);
        var directoryModes = new List<(string Path, UnixFileMode Mode)>();
        var written = new HashSet<string>(StringComparer.Ordinal);
        var root = Libc.IsRoot;
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            ct.ThrowIfCancellationRequested();
            var name = RootfsPath.CleanEntryName(entry.Name);
            if (name.Length == 0)
            {
                if (entry.EntryType == TarEntryType.Directory)
                {
                    directoryModes.Add((rootfs, entry.Mode));
                }

                continue;
            }

            var slash = name.LastIndexOf('/');
            var file = name[(slash + 1)..];
            if (file.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
            {
                ApplyWhiteout(rootfs, slash < 0 ? "" : name[..slash], file, written);
                continue;
            }

            var parent = RootfsPath.Resolve(rootfs, slash < 0 ? "" : name[..slash], followLast: true);
            Directory.CreateDirectory(parent);
            var target = Path.Combine(parent, file);
            written.Add(target);
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    if (!IsRealDirectory(target))
                    {
                        Delete(target);
                        Directory.CreateDirectory(target);
                    }

                    directoryModes.Add((target, entry.Mode));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    Delete(target);
                    using (var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write))
                    {
                        entry.DataStream?.CopyTo(output);
                    }

                    File.SetUnixFileMode(target, entry.Mode);
                    File.SetLastWriteTimeUtc(target, entry.ModificationTime.UtcDateTime);
                    break;
                case TarEntryType.SymbolicLink:
                    Delete(target);
                    File.CreateSymbolicLink(target, entry.LinkName);
                    break;
                case TarEntryType.HardLink:
                    var existing = RootfsPath.Resolve(rootfs, RootfsPath.CleanEntryName(entry.LinkName), followLast: false);
                    if (!File.Exists(existing) && new FileInfo(existing).LinkTarget is null)
                    {
                        throw new InvalidDataException($"invalid layer: hard link \"{entry.Name}\" points to \"{entry.LinkName}\", which the image does not have");
                    }

                    Delete(target);
                    Libc.Link(existing, target);
                    break;
                default:
                    // Device nodes and FIFOs: the sandbox brings its own /dev; nothing else in an image needs them.
                    continue;
            }

            if (root)
            {
                Libc.Lchown(target, entry.Uid, entry.Gid);
            }
        }

        if (hash is not null)
        {
            // The digest covers the whole tar, padding after the end-of-archive blocks included.
            stream.CopyTo(Stream.Null);
            var actual = "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
            if (actual != diffId)
            {
                throw new InvalidDataException($"its content has digest {actual}, but the image config's diff_ids say {diffId}");
            }
        }

        // Modes last, so that a read-only directory in the layer did not stop its own content from being written.
        foreach (var (path, mode) in directoryModes)
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    /// <summary>Deletes what a whiteout names from the lower layers: never a path this layer wrote, nor a directory
    /// holding one.</summary>
    private static void ApplyWhiteout(string rootfs, string dir, string file, HashSet<string> written)
    {
        var parent = RootfsPath.Resolve(rootfs, dir, followLast: true);
        if (!parent.StartsWith(rootfs, StringComparison.Ordinal) || !Directory.Exists(parent))
        {
            return;
        }

        bool Lower(string path) => !written.Contains(path) && !written.Any(w => w.StartsWith(path + "/", StringComparison.Ordinal));
        if (file == OpaqueWhiteout)
        {
            foreach (var child in new DirectoryInfo(parent).EnumerateFileSystemInfos().Where(c => Lower(c.FullName)).ToList())
            {
                Delete(child.FullName);
            }
        }
        else if (Path.Combine(parent, file[WhiteoutPrefix.Length..]) is var doomed && Lower(doomed))
        {
            Delete(doomed);
        }
    }

    private static bool IsRealDirectory(string path)
    {
        var info = new DirectoryInfo(path);
        return info.Exists && info.LinkTarget is null;
    }

    /// <summary>Removes a file, symlink (never its target) or directory tree, if present.</summary>
    internal static void Delete(string path)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not null || info.Exists)
        {
            info.Delete();
        }
        else if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
